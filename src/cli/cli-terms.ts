import { inOwnTerms } from '../core/errors';

/** The library's options and the CLI's flag for each (the C tool's where it has one). */
const FLAGS: Record<string, string> = {
  vectorSize: '-size',
  window: '-window',
  negative: '-negative',
  epochs: '-iter',
  minCount: '-min-count',
  maxFinalVocab: '-max-vocab',
  sample: '-sample',
  alpha: '-alpha',
  hs: '-hs',
  loss: '-loss',
  device: '-device',
  threads: '-threads',
  lanes: '-lanes',
  laneInvocations: '-lane-invocations',
  lanesPerGroup: '-lanes-per-group',
  ringMemory: '-ring-memory',
  tune: '-tune',
  seed: '-seed',
  tokenizer: '-tokenize',
  limit: '-limit',
  vocabulary: '-read-vocab',
  saveVocab: '-save-vocab',
  threshold: '-threshold',
  classes: '-classes',
  bagShare: '-bag-share',
  phrases: 'webgpu-word2vec phrases',
};

/** A library message in the CLI's words: `minCount` becomes -min-count, `device=cpu` becomes -device cpu. */
export function inCliTerms(message: string): string {
  return inOwnTerms(message, (option, value) => {
    const name = FLAGS[option] ?? option;
    return value === undefined ? name : `${name} ${value}`;
  });
}
