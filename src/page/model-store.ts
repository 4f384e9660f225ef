// The last model and the visitor's documents, kept in the browser's IndexedDB so that a reload restores them.
import type { DocumentInput, DocumentMethod } from '../internal';
import type { VectorsSummary } from './protocol';

const DATABASE = 'webgpu-word2vec';
const STORE = 'models';
const KEY = 'last';
const DOCUMENTS_KEY = 'documents';

/** The documents and how they were embedded (their vectors are computed again from the texts). */
export interface StoredDocuments {
  documents: DocumentInput[];
  method: DocumentMethod;
  /** What was skipped when they were collected, as the page said it. */
  skipped: string;
}

export interface StoredVectors {
  summary: VectorsSummary;
  vectors: Float32Array;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened.'));
  });
}

async function transact<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = act(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result as T);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed.'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction was aborted (is the disk full?).'));
    });
  } finally {
    db.close();
  }
}

export function saveModel(model: StoredVectors): Promise<void> {
  return transact('readwrite', (store) => store.put(model, KEY));
}

export async function loadModel(): Promise<StoredVectors | undefined> {
  return (await transact<StoredVectors | undefined>('readonly', (store) => store.get(KEY))) ?? undefined;
}

export function deleteModel(): Promise<void> {
  return transact('readwrite', (store) => store.delete(KEY));
}

export function saveDocuments(documents: StoredDocuments): Promise<void> {
  return transact('readwrite', (store) => store.put(documents, DOCUMENTS_KEY));
}

export async function loadDocuments(): Promise<StoredDocuments | undefined> {
  return (await transact<StoredDocuments | undefined>('readonly', (store) => store.get(DOCUMENTS_KEY))) ?? undefined;
}

export function deleteDocuments(): Promise<void> {
  return transact('readwrite', (store) => store.delete(DOCUMENTS_KEY));
}
