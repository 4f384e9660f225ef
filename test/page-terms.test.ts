import { describe, expect, it } from 'vitest';
import { inPageTerms } from '../src/app/page-terms';

const LABELS: Record<string, string> = { 'setting-minCount': 'Min count', 'setting-vectorSize': 'Vector size', 'setting-device': 'Device', 'setting-epochs': 'Epochs' };
const label = (id: string): string | undefined => LABELS[id];

describe("library messages in the page's words", () => {
  it('flags with a field become its label; the fields are named', () => {
    const { text, fields } = inPageTerms(
      'The vocabulary is too large for this GPU: 140000 words x 4096 dimensions needs 2188 MiB per matrix. Keep at most 130000 words (raise -min-count or set maxFinalVocab), lower -size, or train on the CPU (-device cpu).',
      label,
    );
    expect(text).toBe(
      'The vocabulary is too large for this GPU: 140000 words x 4096 dimensions needs 2188 MiB per matrix. Keep at most 130000 words (raise “Min count” or set maxFinalVocab), lower “Vector size”, or train on the CPU (“Device” cpu).',
    );
    expect(fields).toEqual(['setting-minCount', 'setting-vectorSize', 'setting-device']);
  });

  it('flags the page has no field for are left out, with their placeholders and empty brackets', () => {
    expect(inPageTerms('Lower the learning rate (-alpha; the defaults are 0.025 for skip-gram and 0.05 for CBOW), or train fewer epochs (-iter).', label).text).toBe(
      'Lower the learning rate (the defaults are 0.025 for skip-gram and 0.05 for CBOW), or train fewer epochs (“Epochs”).',
    );
    expect(inPageTerms('more than this machine can hold. Load fewer words with limit (-limit N).', label).text).toBe(
      'more than this machine can hold. Load fewer words with limit.',
    );
    expect(inPageTerms('No word occurs at least 9 times. Lower minCount (-min-count 1).', label).text).toBe('No word occurs at least 9 times. Lower minCount (“Min count” 1).');
  });

  it('leaves text without flags, negative numbers and hyphenated words alone', () => {
    const message = 'values from -0.5 to 0.5; a well-known word; the C tool (word2vec.c)';
    expect(inPageTerms(message, label)).toEqual({ text: message, fields: [] });
  });
});
