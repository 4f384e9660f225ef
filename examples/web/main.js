// Trains word2vec on pasted text in the library's worker (WebGPU where there is one, else the CPU
// path), then answers nearest-word queries and searches the paragraphs by meaning.
import { trainInWorker } from 'webgpu-word2vec/worker';

const $ = (id) => document.getElementById(id);
let model;
let paragraphs;

$('train').onclick = async () => {
  $('status').textContent = 'Training…';
  await model?.dispose();
  const text = $('text').value;
  try {
    const run = { device: $('device').value, onProgress: (p) => ($('status').textContent = `${Math.round(p.progress * 100)}%`) };
    model = await trainInWorker(text, { vectorSize: 50, minCount: 2, epochs: 10 }, run);
    paragraphs = await model.embedDocuments(text.split(/\n\s*\n/).filter((p) => p.trim()));
  } catch (error) {
    $('status').textContent = error.message;
    return;
  }
  const { device, threads, wordsPerSec } = model.report;
  const where = device === 'gpu' ? 'GPU' : `CPU (${threads} thread${threads > 1 ? 's' : ''})`;
  $('status').textContent = `${model.size} words trained on the ${where} at ${Math.round(wordsPerSec)} words/s`;
  $('status').dataset.device = device;
  $('nearest').disabled = $('search').disabled = false;
};

$('nearest').onclick = async () => {
  const nearest = await model.mostSimilar({ positive: [$('word').value.trim()], topn: 8 }).catch((error) => [{ word: error.message, similarity: NaN }]);
  $('out').textContent = nearest.map((n) => `${n.word}  ${n.similarity.toFixed(3)}`).join('\n');
};

$('search').onclick = async () => {
  const hits = await paragraphs.search($('query').value, 3).catch((error) => [{ title: error.message, score: NaN }]);
  $('out').textContent = hits.map((hit) => `${hit.score.toFixed(3)}  ${hit.title}`).join('\n');
};
