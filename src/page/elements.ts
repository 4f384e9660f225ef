// The page's elements by id, typed, and the ways every panel shows a message.
import { pageText } from './page-terms';

/** The element with this id; the page must have it. */
export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page lacks #${id}.`);
  return element as T;
}

export const button = (id: string): HTMLButtonElement => $<HTMLButtonElement>(id);
export const input = (id: string): HTMLInputElement => $<HTMLInputElement>(id);

/** The button of a form. */
export const formButton = (form: string): HTMLButtonElement => $(form).querySelector('button')!;

/** The status line at the top of the page. */
export function status(text: string): void {
  $('status').textContent = text;
}

/** An error's message in the page's words (its fields' labels, not the library's option names). */
export function pageMessage(error: unknown): string {
  return pageText((error as Error).message);
}

/** Shows an error (or clears it: undefined) in the box with this id. */
export function showError(id: string, error: unknown): void {
  $(id).textContent = error ? pageMessage(error) : '';
}

/** Seconds as the page shows them: "42 s", "3 min 5 s", "…" when not known yet. */
export function seconds(s: number): string {
  if (!Number.isFinite(s)) return '…';
  return s < 90 ? `${s.toFixed(0)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** Hands a blob to the browser as a download, and says so. */
export function save(blob: Blob, name: string): void {
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  status(`Downloaded ${name} (${(blob.size / 2 ** 20).toFixed(1)} MiB).`);
  document.body.dataset.downloaded = name;
}

/**
 * Sets what an element shows as state a test (or a script) can read without reading its words:
 * `data-state`, each fact as a `data-*` attribute, and `data-marks`, how many times it was set.
 */
export function mark(target: string | HTMLElement, state: string, facts: Record<string, string | number | boolean> = {}): void {
  const element = typeof target === 'string' ? $(target) : target;
  element.dataset.state = state;
  for (const [name, value] of Object.entries(facts)) element.dataset[name] = String(value);
  // Counts the marks, so that a test can wait for the next one even when the state stays the same.
  element.dataset.marks = String(Number(element.dataset.marks ?? 0) + 1);
}
