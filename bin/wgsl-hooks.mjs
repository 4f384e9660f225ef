// Node module hooks: `import text from './x.wgsl?raw'` gives the file's text, as Vite does.
import { readFile } from 'node:fs/promises';

export async function load(url, context, nextLoad) {
  const { pathname, search } = new URL(url);
  if (pathname.endsWith('.wgsl') && search === '?raw') {
    const text = await readFile(decodeURIComponent(pathname), 'utf8');
    return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
  }
  return nextLoad(url, context);
}
