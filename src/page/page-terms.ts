// The library's messages name its options (`minCount`, `device=cpu`); the page has fields with
// labels instead. This puts a message in the page's words.
import { inOwnTerms } from '../internal';

/** The library's options and the id of the page's field for each. */
const FIELDS: Record<string, string> = {
  vectorSize: 'setting-vectorSize',
  window: 'setting-window',
  negative: 'setting-negative',
  epochs: 'setting-epochs',
  alpha: 'setting-alpha',
  minCount: 'setting-minCount',
  sample: 'setting-sample',
  device: 'setting-device',
  sg: 'setting-model',
  loss: 'setting-loss',
  hs: 'setting-loss',
  tokenizer: 'setting-tokenizer',
};

/** Options that are not a setting's field, and what the page calls them. */
const WORDS: Record<string, string> = {
  phrases: '“Join phrases first”',
};

/**
 * The message with every option that has a field written as that field's label in quotes (its
 * value after it), and the others as plain words. `label` gives a field's label text. Also returns
 * the ids of the fields it names.
 */
export function inPageTerms(message: string, label: (fieldId: string) => string | undefined): { text: string; fields: string[] } {
  const fields = new Set<string>();
  const text = inOwnTerms(message, (option, value) => {
    const field = FIELDS[option];
    const name = field ? label(field) : undefined;
    if (field && name) fields.add(field);
    const said = name ? `“${name}”` : (WORDS[option] ?? option);
    return value === undefined ? said : `${said} ${value}`;
  });
  return { text, fields: [...fields] };
}

/** A field's label on this page. */
function fieldLabel(id: string): string | undefined {
  return document.querySelector(`label[for="${id}"]`)?.textContent?.trim() || undefined;
}

/** A library message as this page shows it. */
export function pageText(message: string): string {
  return inPageTerms(message, fieldLabel).text;
}
