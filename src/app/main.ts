// The demo page: trains on the bundled sample with the library's public API and lists neighbours.
import { adapterName, train, type Word2VecModel } from '../index';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const status = $('status');
let model: Word2VecModel | undefined;

/** The bytes of a response body, gunzipped when they are gzip (servers may or may not have done it already). */
async function gunzipped(body: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  const reader = body.getReader();
  const first = await reader.read();
  const rest = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(first.value);
      else controller.close();
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
  });
  const gzip = !first.done && first.value[0] === 0x1f && first.value[1] === 0x8b;
  return gzip ? rest.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>) : rest;
}

async function sampleCorpus(): Promise<ReadableStream<Uint8Array>> {
  const response = await fetch(`${import.meta.env.BASE_URL}corpus/text8-1M.txt.gz`);
  if (!response.ok || !response.body) throw new Error(`The sample corpus could not be loaded (${response.status}).`);
  return gunzipped(response.body);
}

async function run(): Promise<void> {
  $('train').toggleAttribute('disabled', true);
  model?.destroy();
  try {
    status.textContent = 'Reading the sample…';
    model = await train(
      await sampleCorpus(),
      { sg: Number(($('sg') as HTMLSelectElement).value) as 0 | 1, vectorSize: Number(($('size') as HTMLInputElement).value), epochs: Number(($('epochs') as HTMLInputElement).value), sample: 1e-4 },
      {
        onNotice: (message) => (status.textContent = message),
        onProgress: (p) => (status.textContent = `${(p.progress * 100).toFixed(0)}%  ${(p.wordsPerSec / 1000).toFixed(0)}k words/s  loss ${p.loss.toFixed(3)}`),
      },
    );
    const r = model.report;
    const where = r.device === 'gpu' ? `GPU: ${adapterName(r.adapter!)}` : 'CPU';
    status.textContent = `Trained ${r.vocabularySize} words on the ${where} at ${(r.wordsPerSec / 1000).toFixed(0)}k words/s in ${r.trainSeconds.toFixed(1)} s (final loss ${r.finalLoss.toFixed(3)}).`;
    $('word').removeAttribute('disabled');
    $('query').removeAttribute('disabled');
    await query();
  } catch (error) {
    status.textContent = `Error: ${(error as Error).message}`;
  } finally {
    $('train').removeAttribute('disabled');
  }
}

async function query(): Promise<void> {
  const list = $('neighbours');
  list.replaceChildren();
  const word = ($('word') as HTMLInputElement).value.trim().toLowerCase();
  if (!model || !word) return;
  if (!model.wv.has(word)) {
    list.append(Object.assign(document.createElement('li'), { textContent: `"${word}" is not in the vocabulary.` }));
    return;
  }
  for (const n of await model.wv.mostSimilar({ positive: [word], topn: 10 })) {
    list.append(Object.assign(document.createElement('li'), { textContent: `${n.word} (${n.similarity.toFixed(3)})` }));
  }
}

$('train').addEventListener('click', () => void run());
$('query').addEventListener('click', () => void query());
$('word').addEventListener('keydown', (e) => {
  if (e.key === 'Enter') void query();
});
