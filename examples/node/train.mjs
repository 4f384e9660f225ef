// Trains word2vec on a text file on every core and writes the vectors in the C tool's binary
// layout, which gensim's KeyedVectors.load_word2vec_format(path, binary=True) reads.
//
//   npm install webgpu-word2vec
//   node train.mjs corpus.txt vectors.bin
import { createReadStream, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { train, writeVectors } from 'webgpu-word2vec';
import { spawnNodeKernelThread } from 'webgpu-word2vec/node';

const [corpus, output] = process.argv.slice(2);
if (!corpus || !output) {
  console.error('Usage: node train.mjs CORPUS.txt VECTORS.bin');
  process.exit(2);
}
const model = await train(
  createReadStream(corpus),
  { sg: 1, vectorSize: 50, window: 5, minCount: 1, epochs: 5 },
  { device: 'cpu', threads: availableParallelism(), spawnThread: spawnNodeKernelThread },
);
writeFileSync(output, writeVectors(model.wv, { binary: true }));
const [nearest] = await model.wv.mostSimilar({ positive: [model.wv.indexToKey[0]], topn: 1 });
console.log(`${model.wv.size} words x ${model.wv.vectorSize} values in ${output}; nearest to "${model.wv.indexToKey[0]}": ${nearest.word}`);
model.destroy();
