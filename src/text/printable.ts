/** Control characters a terminal may act on (ESC starts its sequences; U+009B is CSI): all but tab and newline. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** C1 controls and DEL, which JSON.stringify leaves raw. */
const C1 = /[\u007f-\u009f]/g;

/** A character as the visible escape `\uXXXX` (one UTF-16 unit). */
export function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Text safe to write to a terminal: every control character but tab and newline shown as a
 * `\uXXXX` escape, so that words or names from an untrusted file cannot move the cursor, clear
 * the screen or set the window's title. A carriage return that starts the text stays (a progress
 * line rewriting itself).
 */
export function printable(text: string): string {
  const start = text.startsWith('\r') ? 1 : 0;
  return text.slice(0, start) + text.slice(start).replace(CONTROL, unicodeEscape);
}

/** Text for a message: quoted as a JSON string, with no control character left raw. */
export function quoted(text: string): string {
  return JSON.stringify(text).replace(C1, unicodeEscape);
}
