// The library's and the CLI's messages name the C tool's flags ("-min-count 1", "lower -size"); the
// page has fields with labels instead. This puts a message in the page's words.

/** The C tool's flags, as messages name them, and the id of the page's field for each (null: the page has none). */
const FIELDS: Record<string, string | null> = {
  size: 'setting-vectorSize',
  window: 'setting-window',
  negative: 'setting-negative',
  iter: 'setting-epochs',
  'min-count': 'setting-minCount',
  sample: 'setting-sample',
  device: 'setting-device',
  cbow: 'setting-model',
  loss: 'setting-loss',
  tokenize: 'setting-tokenizer',
  alpha: null,
  limit: null,
  lanes: null,
  threads: null,
  'max-vocab': null,
  'read-vocab': null,
};

/**
 * The message with every flag the page has a field for written as that field's label in quotes,
 * and flags it has no field for left out (with a placeholder such as N or FILE after them).
 * `label` gives a field's label text. Also returns the ids of the fields it names.
 */
export function inPageTerms(message: string, label: (fieldId: string) => string | undefined): { text: string; fields: string[] } {
  const fields: string[] = [];
  const text = message
    .replace(/(^|[\s(])-([a-z][a-z-]*)\b( [A-Z]+\b)?/g, (whole, before: string, flag: string, placeholder: string | undefined) => {
      if (!(flag in FIELDS)) return whole;
      const field = FIELDS[flag];
      const name = field ? label(field) : undefined;
      if (!field || !name) return before;
      fields.push(field);
      return `${before}“${name}”${placeholder ?? ''}`;
    })
    .replace(/\(\s*[;,]?\s*\)/g, '')
    .replace(/\(\s*[;,]\s*/g, '(')
    .replace(/ +([.,;)])/g, '$1')
    .replace(/ {2,}/g, ' ');
  return { text, fields: [...new Set(fields)] };
}
