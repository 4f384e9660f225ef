// The GPU kernel tuner's choices in a browser: IndexedDB (a database of their own, beside the
// page's), so that a visitor's GPU is tuned once, not on every visit.
import type { TuningCache } from '../word2vec/gpu/kernel-tuner';

const DATABASE = 'webgpu-word2vec-gpu-tuning';
const STORE = 'choices';

function request<T>(act: (store: IDBObjectStore) => IDBRequest, mode: IDBTransactionMode): Promise<T> {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(DATABASE, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
    opening.onerror = () => reject(opening.error ?? new Error('IndexedDB could not be opened.'));
    opening.onsuccess = () => {
      const db = opening.result;
      const tx = db.transaction(STORE, mode);
      const asked = act(tx.objectStore(STORE));
      tx.oncomplete = () => {
        db.close();
        resolve(asked.result as T);
      };
      tx.onerror = tx.onabort = () => {
        db.close();
        reject(tx.error ?? new Error('IndexedDB transaction failed.'));
      };
    };
  });
}

/**
 * The tuner's cache in IndexedDB. It only saves time: where IndexedDB fails (a private window, a
 * full disk), a choice is not found and not kept, and the GPU is tuned again.
 */
export function indexedDbTuningCache(): TuningCache {
  return {
    async get(key) {
      try {
        return await request<unknown>((store) => store.get(key), 'readonly');
      } catch {
        return undefined;
      }
    },
    async set(key, value) {
      try {
        await request((store) => store.put(value, key), 'readwrite');
      } catch {
        // Not kept: the next run tunes again.
      }
    },
  };
}
