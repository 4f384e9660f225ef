import { describe, expect, it } from 'vitest';
import { inPageTerms } from '../src/page/page-terms';
import { inCliTerms } from '../src/cli/cli-terms';

const LABELS: Record<string, string> = {
  'setting-minCount': 'Min count',
  'setting-vectorSize': 'Vector size',
  'setting-device': 'Device',
  'setting-epochs': 'Epochs',
  'setting-alpha': 'Learning rate',
};
const label = (id: string): string | undefined => LABELS[id];
const TOO_LARGE =
  'The vocabulary is too large for this GPU: 140000 words x 4096 dimensions needs 2188 MiB per matrix. Keep at most 130000 words (raise `minCount` or set `maxFinalVocab`), lower `vectorSize`, or train on the CPU (`device=cpu`).';

describe('library messages in each front end’s words', () => {
  it('the CLI names its flags', () => {
    expect(inCliTerms(TOO_LARGE)).toBe(
      'The vocabulary is too large for this GPU: 140000 words x 4096 dimensions needs 2188 MiB per matrix. Keep at most 130000 words (raise -min-count or set -max-vocab), lower -size, or train on the CPU (-device cpu).',
    );
    expect(inCliTerms('Lower the learning rate (`alpha`; the defaults are 0.025), or train fewer epochs (`epochs`).')).toBe(
      'Lower the learning rate (-alpha; the defaults are 0.025), or train fewer epochs (-iter).',
    );
    expect(inCliTerms('Load fewer words (`limit=N`).')).toBe('Load fewer words (-limit N).');
  });

  it('the page names its fields by their labels, and other options plainly', () => {
    const { text, fields } = inPageTerms(TOO_LARGE, label);
    expect(text).toBe(
      'The vocabulary is too large for this GPU: 140000 words x 4096 dimensions needs 2188 MiB per matrix. Keep at most 130000 words (raise “Min count” or set maxFinalVocab), lower “Vector size”, or train on the CPU (“Device” cpu).',
    );
    expect(fields).toEqual(['setting-minCount', 'setting-vectorSize', 'setting-device']);
    expect(inPageTerms('Lower the learning rate (`alpha`), or train fewer epochs (`epochs`).', label).text).toBe(
      'Lower the learning rate (“Learning rate”), or train fewer epochs (“Epochs”).',
    );
  });

  it('text without option mentions is left alone', () => {
    const message = 'values from -0.5 to 0.5; a well-known word; the C tool (word2vec.c)';
    expect(inPageTerms(message, label)).toEqual({ text: message, fields: [] });
    expect(inCliTerms(message)).toBe(message);
  });
});
