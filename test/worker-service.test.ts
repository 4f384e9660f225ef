// The library's worker protocol (trainInWorker's): the page's connection and the worker's service,
// joined here by a MessageChannel in Node, as a Worker joins them in a browser.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyedVectors, PauseController, Word2VecError, writeVectors } from '../src/index';
import { serveWorker, trainOn, WorkerConnection, type WorkerScope } from '../src/internal';
import type { WorkerModel } from '../src/worker';

const TEXT = 'the king rules the land . the queen rules the land . the man walks . the woman walks . '.repeat(300);

/** A connection to a service on the other end of a channel: the page's side and the worker's. */
function connected(): { connection: WorkerConnection; ports: MessagePort[] } {
  const { port1, port2 } = new MessageChannel();
  const scope: WorkerScope = {
    postMessage: (message) => port2.postMessage(message),
    set onmessage(handler: ((event: MessageEvent) => void) | null) {
      port2.on('message', (data) => handler?.({ data } as MessageEvent));
    },
    get onmessage() {
      return null;
    },
  };
  serveWorker(scope);
  const worker = {
    postMessage: (message: unknown) => port1.postMessage(message),
    set onmessage(handler: ((event: MessageEvent) => void) | null) {
      port1.on('message', (data) => handler?.({ data } as MessageEvent));
    },
    onerror: null,
    terminate: () => port1.close(),
  } as unknown as Worker;
  return { connection: new WorkerConnection(worker), ports: [port1, port2] };
}

let open: MessagePort[] = [];
afterEach(() => {
  for (const port of open) port.close();
  open = [];
});

function connection(): WorkerConnection {
  const joined = connected();
  open.push(...joined.ports);
  return joined.connection;
}

describe('training in a worker (the library worker protocol)', () => {
  it('trains, reports progress, and answers the queries and document searches a KeyedVectors answers', async () => {
    const worker = connection();
    const progress: number[] = [];
    const model = await trainOn(worker, TEXT, { sg: 1, vectorSize: 16, minCount: 1, epochs: 2, seed: 3 }, { device: 'cpu', onProgress: (p) => progress.push(p.progress) });
    expect(model.size).toBe(9);
    expect(model.has('queen')).toBe(true);
    expect(model.report?.device).toBe('cpu');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(1);

    // The same vectors, here: every query agrees with a KeyedVectors over them.
    const bytes = await model.writeVectors({ binary: true });
    const vectors = new Float32Array(model.size * 16);
    for (const [i, word] of model.words.entries()) vectors.set(await model.getVector(word), i * 16);
    const here = new KeyedVectors([...model.words], vectors, 16);
    expect(bytes).toEqual(writeVectors(here, { binary: true }));
    expect(await model.mostSimilar({ positive: ['king'], topn: 3 })).toEqual(await here.mostSimilar({ positive: ['king'], topn: 3 }));
    expect(await model.similarity('king', 'queen')).toBeCloseTo(here.similarity('king', 'queen'), 6);
    expect(await model.doesntMatch(['king', 'queen', 'walks'])).toBe(here.doesntMatch(['king', 'queen', 'walks']));

    const index = await model.embedDocuments([
      { id: 'rule', text: 'the king rules the land' },
      { id: 'walk', text: 'the woman walks' },
    ]);
    expect(index.ids).toEqual(['rule', 'walk']);
    expect((await index.search('queen rules', 1))[0]?.id).toBe('rule');
    expect((await index.similar('walk', 1))[0]?.id).toBe('rule');
    await index.dispose();
    await expect(index.search('queen', 1)).rejects.toThrow(/no document index .*embed the documents again/);

    await model.dispose();
    await expect(model.mostSimilar({ positive: ['king'] })).rejects.toSatisfy((e: Error) => e instanceof Word2VecError && e.code === 'BAD_OPTION' && /released/.test(e.message));
  });

  it('starts from vectors it holds, and gives the library errors as the library throws them', async () => {
    const worker = connection();
    const first = await trainOn(worker, TEXT, { vectorSize: 8, minCount: 1, epochs: 1 }, { device: 'cpu' });
    const second = await trainOn(worker, TEXT, { vectorSize: 8, minCount: 1, epochs: 1 }, { device: 'cpu', startFrom: first });
    expect(second.report?.wordsStartedFrom).toBe(9);
    await expect(trainOn(worker, TEXT, { vectorSize: 0 }, { device: 'cpu' })).rejects.toSatisfy((e: Error) => e instanceof Word2VecError && e.code === 'BAD_OPTION');
    await expect(trainOn(worker, '', {}, { device: 'cpu' })).rejects.toBeInstanceOf(Word2VecError);
    await expect(worker.call('nothing', [])).rejects.toThrow(/no call named nothing/);
    await expect(worker.call('query', [first.handle, 'destroy', []])).rejects.toThrow(/answers mostSimilar/);
  });

  it('pauses and resumes a run, and cancels one with an AbortError', async () => {
    const worker = connection();
    const pause = new PauseController();
    let seen = 0;
    const whilePaused: number[] = [];
    const run = trainOn(
      worker,
      TEXT.repeat(20),
      { vectorSize: 8, minCount: 1, epochs: 3 },
      {
        device: 'cpu',
        pause,
        onProgress: () => {
          seen++;
          if (seen === 1) {
            pause.pause();
            // Once what was under way has arrived (progress is sent at most every 200 ms), nothing more comes until the run resumes.
            setTimeout(() => whilePaused.push(seen), 400);
            setTimeout(() => {
              whilePaused.push(seen);
              pause.resume();
            }, 800);
          }
        },
      },
    );
    const model: WorkerModel = await run;
    expect(whilePaused[1]).toBe(whilePaused[0]);
    expect(seen).toBeGreaterThan(whilePaused[1]!);
    expect(model.size).toBe(9);

    const abort = new AbortController();
    const cancelled = trainOn(worker, TEXT.repeat(50), { vectorSize: 8, minCount: 1, epochs: 20 }, { device: 'cpu', signal: abort.signal, onProgress: () => abort.abort() });
    await expect(cancelled).rejects.toSatisfy((e: Error) => e.name === 'AbortError');
  });
});
