// Runs in Chromium (WebGPU through navigator.gpu): the kernel-versus-twin checks and a short
// training run, reported to the puppeteer test through window.__result.
import { requestGpu, train } from '../../src/index';
import { compareDbowTwin, compareMeansTwin, compareParagraphTwin, DBOW_CASES, MEANS_DIMS, PARAGRAPH_CASES } from '../helpers/document-twins';
import { compareWithTwin, TWIN_CASES } from '../helpers/twin';
import { indexedDbTuningCache } from '../../src/workers/tuning-store';

async function checks(): Promise<unknown> {
  const context = await requestGpu(navigator.gpu);
  try {
    const twins: Record<string, unknown> = {};
    for (const [name, config, limits] of TWIN_CASES) twins[name] = await compareWithTwin(context.device, config, limits);
    const paragraphs = [];
    for (const [dim, negative, sample] of PARAGRAPH_CASES) paragraphs.push(await compareParagraphTwin(context.device, dim, negative, sample));
    const dbow = [];
    for (const [dim, negative, window, trainWords, sample] of DBOW_CASES) dbow.push(await compareDbowTwin(context.device, dim, negative, window, trainWords, sample));
    const means = [];
    for (const dim of MEANS_DIMS) means.push(await compareMeansTwin(context.device, dim));
    const text = Array.from({ length: 4000 }, (_, i) => `w${(i * 7) % 31} w${(i * 13) % 17}`).join(' ');
    const model = await train(text, { sg: 1, vectorSize: 16, minCount: 1, epochs: 1 }, { device: 'gpu', gpuDevice: context.device });
    const report = { device: model.report.device, vocabularySize: model.report.vocabularySize, finalLoss: model.report.finalLoss };
    model.destroy();
    // The tuner's choices in IndexedDB: kept, found again, and none for a key never tuned.
    const cache = indexedDbTuningCache();
    await cache.set('a GPU | a shape', 16);
    const tuningStore = { kept: await cache.get('a GPU | a shape'), missing: await cache.get('another shape') };
    return { adapter: context.adapter, twins, paragraphs, dbow, means, report, tuningStore };
  } finally {
    context.destroy();
  }
}

checks().then(
  (result) => Object.assign(window, { __result: result }),
  (error: Error) => Object.assign(window, { __result: { error: `${error.name}: ${error.message}` } }),
);
