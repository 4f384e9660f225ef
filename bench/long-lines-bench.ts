// Issue 22, rows 6 and 7: reading files that are one long line takes time linear in their size.
// For each size (MB): a vectors file whose row is one long line (gzipped, refused at its row limit),
// a legitimate vectors file of one wide row, the documents' reader on a file that is one line,
// and the CLI's `search` (-docs) and `docs -background` on that file, end to end.
// Prints one JSON line and saves it under bench/results/.
// node --import ./bin/register.mjs bench/long-lines-bench.ts [--sizes 16,64,256]
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { createGunzip, createGzip } from 'node:zlib';
import { saveResult, WORK } from './bench-files';
import { machine } from './machine';
import { DocumentCollector, readVectors } from '../src/internal';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '16,64,256' } } });
const sizes = values.sizes!.split(',').map(Number);
mkdirSync(WORK, { recursive: true });

/** Writes `head` then `bytes` bytes of `fill` repeated (`bytes` a multiple of its length, or the last copy is cut) to `path`, gzipped when asked. */
async function writeLong(path: string, head: string, fill: string, bytes: number, gzip = false): Promise<void> {
  const file = createWriteStream(path);
  const out = gzip ? createGzip() : file;
  if (gzip) out.pipe(file);
  const block = Buffer.from(fill.repeat(Math.floor((1 << 20) / fill.length))); // whole copies of `fill`
  out.write(head);
  for (let written = 0; written < bytes; written += block.length) if (!out.write(block.subarray(0, Math.min(block.length, bytes - written)))) await once(out, 'drain');
  out.end();
  await once(file, 'close');
}

/** A file's bytes as a stream, gunzipped when its name ends in .gz (as the CLI reads it). */
function fileStream(path: string): NodeJS.ReadableStream {
  const file = createReadStream(path);
  return path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
}

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return Number(((performance.now() - start) / 1000).toFixed(3));
}

function cliSeconds(args: string[]): number {
  const start = performance.now();
  execFileSync(process.execPath, ['bin/webgpu-word2vec.js', ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  return Number(((performance.now() - start) / 1000).toFixed(3));
}

const vectors = `${WORK}/three-words.txt`;
writeFileSync(vectors, '3 2\nhello 1 2\nworld 1 2.5\nthere -1 0.5\n');
const rows = [];
for (const mb of sizes) {
  const bytes = mb << 20;
  const longRow = `${WORK}/long-row-${mb}.gz`;
  await writeLong(longRow, '1 2\n', 'a', bytes, true);
  const wide = `${WORK}/wide-row-${mb}.txt`;
  const dim = Math.floor(bytes / 11);
  await writeLong(wide, `1 ${dim}\nw`, ' 0.12345678', dim * 11);
  const oneLine = `${WORK}/one-line-${mb}.txt`;
  await writeLong(oneLine, '', 'hello world there ', bytes);
  const row = {
    mb,
    vectorsLongRowRefused: await seconds(() => readVectors(fileStream(longRow), { name: longRow }).catch((e: Error) => e)),
    vectorsWideRowRead: await seconds(async () => readVectors(fileStream(wide), { name: wide })),
    documentsOneLineCollected: await seconds(() => new DocumentCollector('lines').addStream(oneLine, () => createReadStream(oneLine))),
    cliSearchOneLine: cliSeconds(['search', '-vectors', vectors, '-docs', oneLine, '-device', 'cpu', 'hello']),
    cliBackgroundOneLine: cliSeconds(['docs', '-vectors', vectors, '-docs', vectors, '-background', oneLine, '-device', 'cpu', '-output', '/dev/null']),
  };
  console.error(JSON.stringify(row));
  rows.push(row);
}
const result = { machine: machine(), note: "seconds; the documents and the background keep a line's first 16 Mi characters", rows };
console.log(JSON.stringify({ ...result, saved: saveResult('long-lines', result) }));
process.exit(0);
