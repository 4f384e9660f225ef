// The passage of a document to show beside a search hit: the stretch of words where the query's
// words (and their nearest words) are densest, with those words marked.

/** A piece of a snippet; `mark` pieces are words to highlight. */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

/** Letters and digits, with inner apostrophes: what counts as a word when matching. */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

/**
 * About `width` words of `text` around where the words of `marked` (lower case) are densest, the
 * marked ones flagged; "…" where the text is cut. A text without any gives its opening.
 */
export function snippet(text: string, marked: ReadonlySet<string>, width = 30): SnippetPart[] {
  const words = [...text.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, mark: marked.has(m[0].toLowerCase()) }));
  if (words.length === 0) return [];
  let best = 0;
  let bestCount = -1;
  let count = 0;
  for (let i = 0; i < words.length; i++) {
    if (words[i]!.mark) count++;
    if (i >= width && words[i - width]!.mark) count--;
    const first = Math.max(0, i - width + 1);
    if (count > bestCount) {
      bestCount = count;
      best = first;
    }
  }
  // The densest window found first ends at a marked word: centre it on its marked words instead.
  let first = 0;
  if (bestCount > 0) {
    const inside = words.slice(best, best + width).flatMap((w, i) => (w.mark ? [best + i] : []));
    const centre = Math.round((inside[0]! + inside[inside.length - 1]!) / 2);
    first = Math.max(0, Math.min(centre - Math.floor(width / 2), words.length - width));
  }
  const last = Math.min(words.length, first + width) - 1;
  const parts: SnippetPart[] = [];
  let at = words[first]!.start;
  const push = (piece: string, mark: boolean): void => {
    if (piece !== '') parts.push({ text: piece.replace(/\s+/g, ' '), mark });
  };
  if (first > 0) push('…', false);
  for (let i = first; i <= last; i++) {
    const w = words[i]!;
    push(text.slice(at, w.start), false);
    push(text.slice(w.start, w.end), w.mark);
    at = w.end;
  }
  if (last < words.length - 1) push('…', false);
  return parts;
}
