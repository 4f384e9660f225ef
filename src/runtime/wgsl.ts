import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';

/**
 * Resolves `#if NAME` / `#elif NAME` blocks of a .wgsl file with wgsl-preprocessor, which expects
 * each condition as a template value: the file is cut before every name and the names are
 * looked up in `defines`.
 */
export function preprocess(source: string, defines: Record<string, boolean>): string {
  const strings: string[] = [];
  const values: boolean[] = [];
  let last = 0;
  for (const m of source.matchAll(/#(if|elif)\s+([A-Za-z_]\w*)/g)) {
    const name = m[2]!;
    if (!(name in defines)) throw new Error(`shader condition #${m[1]} ${name} has no value`);
    strings.push(`${source.slice(last, m.index)}#${m[1]} `);
    values.push(defines[name]!);
    last = m.index! + m[0].length;
  }
  strings.push(source.slice(last));
  return wgsl(Object.assign([...strings], { raw: strings }), ...values);
}
