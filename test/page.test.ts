// The demo page, built with Vite and driven in Debian's Chromium (WebGPU on SwiftShader): the whole journey,
// privacy (no requests after start-up), bad input, pause/resume/cancel, and the page without WebGPU.
//
// The tests wait on and read the page's state hooks (`data-state`, `data-*`, set by `mark` in
// src/page/elements.ts), not its status lines. Words are asserted only where they are what is under
// test: an error that names its fix in the page's terms, a label, an example's wording.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVectors } from '../src/index';
import { startBuiltSite, type BuiltSite, type OpenedPage } from './helpers/built-page';

const ARTIFACTS = join(import.meta.dirname, 'artifacts');
let site: BuiltSite;
const scratch = mkdtempSync(join(tmpdir(), 'w2v-page-inputs-'));

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  site = await startBuiltSite();
});
afterAll(async () => site?.close());

const text = (page: Page, selector: string): Promise<string> => page.$eval(selector, (e) => e.textContent ?? '');
/** An element's state hook: `data-state` as `state`, and its facts (the other `data-*`). */
const hook = (page: Page, selector: string): Promise<Record<string, string | undefined>> => page.$eval(selector, (e) => ({ ...(e as HTMLElement).dataset }));

/** The vectors the page holds: their state (none, held, kept), name and word count. */
async function heldVectors(page: Page): Promise<{ state?: string; name?: string; words?: string }> {
  const { state, name, words } = await hook(page, '#model-info');
  return { state, name, words };
}

/** Waits until the element's `data-state` is `state` (or one of them) and each given fact has its value. */
async function waitForState(page: Page, selector: string, state: string | string[], facts: Record<string, string> = {}, timeout = 240_000): Promise<void> {
  await page.waitForFunction(
    (sel, wanted, values) => {
      const e = document.querySelector(sel) as HTMLElement | null;
      return wanted.includes(e?.dataset.state ?? '') && Object.entries(values).every(([name, value]) => e!.dataset[name] === value);
    },
    { timeout },
    selector,
    [state].flat(),
    facts,
  );
}

/** Does `act`, then waits for the element's next mark (`data-marks` grows) that is not `busy`; returns its state and facts. */
async function nextMark(page: Page, selector: string, act: () => Promise<unknown>, timeout = 240_000): Promise<Record<string, string | undefined>> {
  const before = Number((await hook(page, selector)).marks ?? 0);
  await act();
  await page.waitForFunction(
    (sel, count) => {
      const e = document.querySelector(sel) as HTMLElement;
      return Number(e.dataset.marks ?? 0) > count && !['busy', 'reading', 'evaluating'].includes(e.dataset.state ?? '');
    },
    { timeout },
    selector,
    before,
  );
  return hook(page, selector);
}

/** Does `act`, then waits for the section's next task to end (`data-runs` grows); returns how it ended (`data-outcome`: done, failed or cancelled). */
async function sectionTask(page: Page, section: string, act: () => Promise<unknown>, timeout = 240_000): Promise<string> {
  const selector = `[data-testid="${section}"]`;
  const before = Number((await hook(page, selector)).runs ?? 0);
  await act();
  await page.waitForFunction((sel, count) => Number((document.querySelector(sel) as HTMLElement).dataset.runs ?? 0) > count, { timeout }, selector, before);
  return (await hook(page, selector)).outcome ?? '';
}
const enabled = (page: Page, selector: string): Promise<boolean> => page.$eval(selector, (e) => !(e as HTMLButtonElement).disabled);

async function setValue(page: Page, selector: string, value: string): Promise<void> {
  await page.$eval(
    selector,
    (e, v) => {
      (e as HTMLInputElement).value = v;
      e.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );
}

/** Waits until no task runs (Train is usable again, or the settings are invalid and say so). */
async function idle(page: Page, timeout = 240_000): Promise<void> {
  await page.waitForFunction(() => !(document.getElementById('use-text') as HTMLButtonElement).disabled, { timeout });
}

/** Trains with the settings as they are, or with `epochs` changed; returns how the run ended (done, failed, cancelled). */
async function trainOnce(page: Page, epochs?: string): Promise<string> {
  if (epochs) await setValue(page, '#setting-epochs', epochs);
  const outcome = await sectionTask(page, 'train', () => page.click('#train'));
  await idle(page); // what follows a run (the vectors shown, the first example) is done too
  return outcome;
}

/** Opens the page and waits for it to load what it needs; returns the server log's length at that point. */
async function openReady(path = '/', beforeLoad?: (page: Page) => Promise<unknown>): Promise<OpenedPage & { servedAtReady: number }> {
  const opened = await site.open(path, { beforeLoad });
  await opened.ready();
  return { ...opened, servedAtReady: site.served.length };
}

/** Nothing but the page's own origin was asked for, and nothing at all after start-up. */
function expectPrivate(opened: OpenedPage & { servedAtReady: number }): void {
  const http = opened.requests.filter((r) => /^https?:/.test(r.url));
  expect(http.filter((r) => !r.url.startsWith(site.origin))).toEqual([]);
  expect(http.filter((r) => r.afterReady)).toEqual([]);
  expect(site.served.slice(opened.servedAtReady)).toEqual([]);
}

/** Gives a file input these files, as a visitor choosing them would. */
async function uploadTo(page: Page, selector: string, ...paths: string[]): Promise<void> {
  const input = await page.$(selector);
  await (input as unknown as { uploadFile(...p: string[]): Promise<void> }).uploadFile(...paths);
}

/** Waits until no documents task runs (their controls are usable again). */
function documentsIdle(page: Page): Promise<unknown> {
  return page.waitForFunction(() => !(document.getElementById('docs-paste') as HTMLButtonElement).disabled, { timeout: 240_000 });
}

/** Forgets the kept documents and model (so the next test starts without them), checks the page stayed quiet and private, closes it. */
async function forgetAndClose(opened: OpenedPage & { servedAtReady: number }): Promise<void> {
  const { page } = opened;
  await page.click('#docs-clear');
  await waitForState(page, '#docs-summary', 'empty');
  await page.click('#delete-model');
  await waitForState(page, '#model-info', 'none');
  expect(opened.errors).toEqual([]);
  expectPrivate(opened);
  await page.close();
}

async function nonBlankPixels(page: Page): Promise<number> {
  return page.$eval('#word-map', (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 200) n++;
    return n;
  });
}

describe('the demo page (built, in Chromium)', () => {
  it('the journey: sample, train, neighbours, analogy, race, map, evaluate, download, restore on reload, delete', async () => {
    const first = await openReady();
    const { page } = first;
    const corpus = await hook(page, '#corpus-summary');
    expect(corpus.state).toBe('ready');
    expect(Number(corpus.words)).toBeGreaterThan(1_000_000);
    expect(Number(corpus.words)).toBeLessThan(Number(corpus.rawWords));
    expect(Number(corpus.vocabulary)).toBeGreaterThan(10_000);
    expect(await text(page, '#estimate')).toMatch(/MiB of GPU memory/);

    // Without touching a setting, as a first-time visitor would.
    expect(await trainOnce(page)).toBe('done');
    const run = await hook(page, '[data-testid="train"]');
    // The estimate now comes from this run's measured speed, not the first guess.
    expect(await text(page, '#estimate')).toMatch(/takes about \d+ s on the CPU path \(from the last run\)|on the GPU \(from the last run\)/);
    // Cross-origin isolated, so the CPU path uses every core.
    const cores = await page.evaluate(() => (crossOriginIsolated ? navigator.hardwareConcurrency : 0));
    expect(cores).toBeGreaterThan(0);
    if (cores > 1) expect([run.device, run.threads, run.kernels]).toEqual(['cpu', String(cores), 'simd']);
    expect(await page.$eval('#progress', (e) => (e as HTMLProgressElement).value)).toBe(1);
    expect(await text(page, '#train-stats')).toMatch(/epoch 4\/4 {2}100\.0% {2}[\d,]+ words\/s {2}learning rate [\d.]+ {2}loss [\d.]+/);
    expect(await page.$$eval('#loss-chart canvas', (c) => c.length)).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'page-trained.png'), fullPage: true });

    // The first worked example came up on its own: France's neighbours make sense.
    expect(await page.$$eval('#examples button', (b) => b.map((x) => x.textContent))).toEqual([
      'words nearest to france',
      'france is to paris as germany is to ?',
      'how similar are war and battle?',
    ]);
    const neighbours = await page.$$eval('#nn-results li', (items) => items.map((li) => li.textContent ?? ''));
    expect(neighbours).toHaveLength(10);
    for (const n of neighbours) expect(n).toMatch(/^[a-z]+ \((0|1|-0)\.\d{3}\)$/);
    console.log('nearest to france on the first visit:', neighbours.join(', '));
    // Countries near France, and France's own places and kings: what "makes sense" (one run gave
    // spain, paris, poitou, philippe, germain, provence, louis; another paris, de, bordeaux, belgium).
    const related = [
      'spain',
      'italy',
      'germany',
      'french',
      'paris',
      'belgium',
      'netherlands',
      'england',
      'britain',
      'portugal',
      'europe',
      'provence',
      'bordeaux',
      'lyon',
      'normandy',
      'brittany',
      'burgundy',
      'louis',
      'napoleon',
    ];
    expect(neighbours.filter((n) => related.includes(n.split(' ')[0]!)).length).toBeGreaterThanOrEqual(3);
    // The page's own evaluation runs by itself after training on the sample.
    await waitForState(page, '#eval-result', 'done');
    const scores = await hook(page, '#eval-result');
    console.log('first-visit evaluation:', await text(page, '#eval-result'));
    expect(Number(scores.analogies)).toBeGreaterThanOrEqual(0.08);
    expect(Number(scores.spearman)).toBeGreaterThanOrEqual(0.55);
    // The analogy example: paris - france + germany gives berlin among the 5 answers shown. The threads
    // race, so no two runs are alike: a statistical check. Measured failure rate: 0 of 30 runs
    // (`node --import ./bin/register.mjs bench/first-visit-analogy.ts --runs 30` trains the page's
    // defaults as the page does: berlin came first in 22 runs, in the top 3 in 29, 5th in the other).
    expect((await nextMark(page, '#an-results', () => page.click('#examples button:nth-child(2)'))).count).toBe('5');
    const answers = await page.$$eval('#an-results li', (items) => items.map((li) => (li.textContent ?? '').split(' ')[0]));
    console.log('france is to paris as germany is to:', answers.join(', '));
    expect(answers).toContain('berlin');
    const similar = await nextMark(page, '#sim-result', () => page.click('#examples button:nth-child(3)'));
    expect(similar.state).toBe('done');
    expect(Number(similar.value)).toBeGreaterThan(0);
    expect(await nonBlankPixels(page)).toBeGreaterThan(500);
    expect((await hook(page, '#map-caption')).words).toBe('500');
    // The map downloads as PNG and SVG.
    for (const [button, file] of [
      ['#map-png', 'word-map.png'],
      ['#map-svg', 'word-map.svg'],
    ] as const) {
      await page.click(button);
      for (let i = 0; i < 100 && !readdirSync(first.downloads).includes(file); i++) await new Promise((r) => setTimeout(r, 100));
    }
    expect(readFileSync(join(first.downloads, 'word-map.png')).subarray(1, 4).toString()).toBe('PNG');
    const svg = readFileSync(join(first.downloads, 'word-map.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((svg.match(/<circle /g) ?? []).length).toBeGreaterThanOrEqual(500);
    expect(svg).toMatch(/<text [^>]*>the<\/text>/);
    // Keyboard zoom redraws; hovering a point names its word.
    const drawnBefore = await nonBlankPixels(page);
    await page.focus('#word-map');
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    expect(await nonBlankPixels(page)).not.toBe(drawnBefore);
    await page.keyboard.press('0');
    const box = (await (await page.$('#word-map'))!.boundingBox())!;
    let hovered = '';
    for (let y = 10; y < box.height && !hovered; y += 6) {
      for (let x = 10; x < box.width && !hovered; x += 6) {
        await page.mouse.move(box.x + x, box.y + y);
        hovered = await page.$eval('#word-map', (e) => e.getAttribute('title') ?? '');
      }
    }
    expect(hovered).toMatch(/^[a-z]+$/);

    await setValue(page, '#nn-word', 'thr');
    expect(await page.$$eval('#vocabulary option', (o) => o.map((x) => (x as HTMLOptionElement).value))).toContain('three');
    await setValue(page, '#nn-word', 'Three'); // upper case finds the lower-case word
    expect((await nextMark(page, '#nn-results', () => page.click('#neighbours-form button'))).state).toBe('done');
    expect((await nextMark(page, '#an-results', () => page.click('#analogy-form button'))).count).toBe('5');
    expect((await nextMark(page, '#sim-result', () => page.click('#similarity-form button'))).state).toBe('done');

    await setValue(page, '#race-words', '20000');
    expect(await sectionTask(page, 'race', () => page.click('#race'))).toBe('done');
    expect(await text(page, '#race-error')).toBe('');
    expect(await text(page, '#race-result')).toMatch(
      /^On 20,000 words: GPU \(.*swiftshader.*\) [\d,]+ words\/s; CPU path, \d+ threads?, WebAssembly SIMD: [\d,]+ words\/s; the GPU is [\d.]+x (faster|slower)/i,
    );

    const evaluated = await nextMark(page, '#eval-result', () => page.click('#evaluate'));
    expect(evaluated.state).toBe('done');
    expect(Number(evaluated.analogies)).toBeGreaterThan(0);
    expect(await text(page, '#eval-result')).toMatch(/Analogies: \d+\.\d\d% correct \(\d+ of \d+ answerable.*WordSim-353: Spearman -?\d\.\d{3}/);
    await page.screenshot({ path: join(ARTIFACTS, 'page-explored.png'), fullPage: true });

    // Download in both layouts; the library reads each back with the page's vocabulary.
    const words = Number((await hook(page, '#model-info')).words);
    for (const [button, file] of [
      ['#download-binary', 'vectors.bin'],
      ['#download-text', 'vectors.txt'],
    ] as const) {
      await page.click(button);
      await page.waitForFunction((name) => document.body.dataset.downloaded === name, {}, file);
      const path = join(first.downloads, file);
      for (let i = 0; i < 100 && !readdirSync(first.downloads).includes(file); i++) await new Promise((r) => setTimeout(r, 100));
      const kv = await readVectors(readFileSync(path));
      expect(kv.size).toBe(words);
      expect(kv.vectorSize).toBe(100);
    }
    // Loading a vectors file explores it without training.
    const picker = await page.$('#load-vectors');
    await (picker as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(join(first.downloads, 'vectors.bin'));
    await waitForState(page, '#model-info', ['held', 'kept'], { name: 'vectors.bin' }, 60_000);
    expect((await hook(page, '#model-info')).words).toBe(String(words));
    await page.waitForFunction(() => document.querySelectorAll('#nn-results li').length === 10);

    expect(first.errors).toEqual([]);
    expectPrivate(first);
    await page.close();

    // The worker's script comes with the policy too (a page's meta tag does not reach its workers).
    const workerPath = site.served.find((path) => /^\/assets\/page-worker-.*\.js$/.test(path))!;
    const policy = (await fetch(`${site.origin}${workerPath}`)).headers.get('content-security-policy');
    expect(policy).toMatch(/connect-src 'self'/);
    expect(
      await page
        .browser()
        .newPage()
        .then(async (p) => {
          await p.goto(site.origin);
          const meta = await p.$eval('meta[http-equiv="Content-Security-Policy"]', (e) => e.getAttribute('content'));
          await p.close();
          return meta;
        }),
    ).toBe(policy);

    // The model is kept: a new visit restores it and answers at once.
    const second = await openReady();
    expect((await hook(second.page, '#model-info')).state).toBe('kept');
    await second.page.waitForFunction(() => document.querySelectorAll('#nn-results li').length === 10);
    await second.page.click('#delete-model');
    await waitForState(second.page, '#model-info', 'none');
    expect(await enabled(second.page, '#neighbours-form button')).toBe(false);
    expect(second.errors).toEqual([]);
    expectPrivate(second);
    await second.page.close();

    const third = await openReady();
    expect((await hook(third.page, '#model-info')).state).toBe('none');
    await third.page.close();
  });

  it('bad input gets a readable message and the page keeps working', async () => {
    const opened = await openReady();
    const { page } = opened;
    // What the page holds before the bad input (nothing, or what an earlier test kept): it must stay.
    const modelBefore = await heldVectors(page);
    const upload = async (name: string, content: Buffer | string): Promise<string> => {
      const path = join(scratch, name);
      writeFileSync(path, content);
      const input = await page.$('#corpus-files');
      await sectionTask(page, 'text', () => (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(path), 120_000);
      await idle(page);
      return text(page, '#source-error');
    };
    expect(await upload('empty.txt', '')).toMatch(/has no words/);
    expect(await enabled(page, '#train')).toBe(false);

    // Pasted text, and files dropped on the drop zone, are read like picked files.
    await setValue(page, '#corpus-text', 'The cat sat. The cat ran. '.repeat(10));
    expect(await nextMark(page, '#corpus-summary', () => page.click('#use-text'))).toMatchObject({ state: 'ready', rawWords: '60', words: '60', vocabulary: '4' });
    const dropped = await nextMark(page, '#corpus-summary', () =>
      page.$eval('#drop-zone', (zone) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File(['red green blue '.repeat(6)], 'a.txt', { type: 'text/plain' }));
        transfer.items.add(new File(['red yellow '.repeat(5)], 'b.txt', { type: 'text/plain' }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }),
    );
    expect(dropped).toMatchObject({ state: 'ready', rawWords: '28', words: '28', vocabulary: '4' });
    expect(await text(page, '#corpus-summary')).toMatch(/^a\.txt, b\.txt: /);

    expect(await upload('image.txt', Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 2654435761) >>> 24)))).toMatch(/does not look like UTF-8 text/);

    // A gzipped text file is read as its text; a truncated one says so.
    expect(await upload('colours.txt.gz', gzipSync('red green blue '.repeat(6)))).toBe('');
    expect(await hook(page, '#corpus-summary')).toMatchObject({ state: 'ready', rawWords: '18', vocabulary: '3' });
    expect(await upload('cut.txt.gz', gzipSync('red green blue '.repeat(2000)).subarray(0, 40))).toMatch(/"cut\.txt\.gz" starts like a gzip file but does not decompress/);

    // A binary vectors file with a NaN is refused before anything is loaded or kept.
    const nanRow = Buffer.concat([Buffer.from('1 2\nking '), Buffer.from(new Float32Array([0.5, Number.NaN]).buffer), Buffer.from('\n')]);
    writeFileSync(join(scratch, 'nan.bin'), nanRow);
    const vectorsPicker = await page.$('#load-vectors');
    expect(await sectionTask(page, 'keep', () => (vectorsPicker as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(join(scratch, 'nan.bin')), 60_000)).toBe(
      'failed',
    );
    expect(await text(page, '#keep-error')).toMatch(/value 2 of "king" \(row 1\) is NaN, not a finite number/);
    expect(await heldVectors(page)).toEqual(modelBefore);
    await page.evaluate(() => {
      document.getElementById('keep-error')!.textContent = '';
    });

    // A vectors file that is not one says where it breaks, and nothing is loaded.
    writeFileSync(join(scratch, 'broken.vec'), '3 2\nking 0.1 0.2\nqueen 0.3\n');
    const picker = await page.$('#load-vectors');
    expect(await sectionTask(page, 'keep', () => (picker as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(join(scratch, 'broken.vec')), 60_000)).toBe('failed');
    expect(await text(page, '#keep-error')).toMatch(/line 3/);
    expect(await heldVectors(page)).toEqual(modelBefore);

    // Settings out of range: the field says why, and Train waits until it is fixed.
    await page.click('#source-sample');
    await idle(page);
    await setValue(page, '#setting-vectorSize', '0');
    expect(await text(page, '#setting-vectorSize-error')).toMatch(/from 1 to 4096/);
    expect(await page.$eval('#setting-vectorSize', (e) => e.getAttribute('aria-invalid'))).toBe('true');
    expect(await enabled(page, '#train')).toBe(false);
    await setValue(page, '#setting-sample', 'abc');
    expect(await text(page, '#setting-sample-error')).toBe('Enter a number.');
    await setValue(page, '#setting-sample', '0.001');
    await setValue(page, '#setting-vectorSize', '100');
    expect(await enabled(page, '#train')).toBe(true);
    // The learning rate: checked as the others, and it follows the model while it holds the page's default for it.
    await setValue(page, '#setting-alpha', '0');
    expect(await text(page, '#setting-alpha-error')).toMatch(/learning rate\) must be above 0/);
    expect(await enabled(page, '#train')).toBe(false);
    await setValue(page, '#setting-alpha', '0.07');
    const alphaAfter = async (model: string): Promise<string> => {
      await page.select('#setting-model', model);
      return page.$eval('#setting-alpha', (e) => (e as HTMLInputElement).value);
    };
    expect(await alphaAfter('cbow')).toBe('0.05');
    expect(await alphaAfter('sg')).toBe('0.07');
    await setValue(page, '#setting-alpha', '0.03');
    expect(await alphaAfter('cbow')).toBe('0.03'); // a value the visitor chose stays
    await setValue(page, '#setting-alpha', '0.07');
    await page.select('#setting-model', 'sg');
    expect(await enabled(page, '#train')).toBe(true);

    // A vocabulary too large for the GPU: the estimate warns, training stops with the fix, the page goes on.
    // 140,000 words x 4096 values: 2.1 GiB per matrix, more than two of SwiftShader's 1 GiB bindings.
    const words = Array.from({ length: 140_000 }, (_, i) => `w${i.toString(36)}`).join(' ');
    expect(await upload('wide.txt', `${words}\n`.repeat(5))).toBe('');
    await page.select('#setting-device', 'gpu');
    await setValue(page, '#setting-vectorSize', '4096');
    expect(await text(page, '#estimate')).toMatch(/above 2 x its \d+ MiB storage-buffer limit/);
    expect(await trainOnce(page, '1')).toBe('failed');
    expect(await text(page, '#train-error')).toMatch(/vocabulary is too large for this GPU.*Keep at most \d+ words/);
    // In the page's words (its labels, not the CLI's flags), at the top as well, and no stale progress.
    expect(await text(page, '#train-error')).toMatch(/raise “Min count” or set maxFinalVocab\), lower “Vector size”, or train on the CPU \(“Device” cpu\)/);
    expect(await text(page, '#train-error')).not.toMatch(/-min-count|-size|-device/);
    expect(await text(page, '#train-stats')).toBe('');
    expect(await page.$eval('#progress', (p) => (p as HTMLProgressElement).value)).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'page-error.png'), fullPage: true });
    await page.select('#setting-device', 'cpu');
    await setValue(page, '#setting-vectorSize', '20');
    // Not a test of quality: the small sample, one click away.
    expect((await nextMark(page, '#corpus-summary', () => page.click('#source-small'))).state).toBe('ready');
    await idle(page);
    expect(await trainOnce(page, '1')).toBe('done');
    expect(opened.errors).toEqual([]);
    expectPrivate(opened);
    await page.close();
  });

  it("the C tool's extras: phrases joined before training, hierarchical softmax, the map coloured by word classes", async () => {
    const opened = await openReady();
    const { page } = opened;
    // 3,000 sentences of filler from 400 words, 30 of them about "new york": a pair far likelier than chance.
    let state = 7;
    const filler = (): string => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return `w${state % 400}`;
    };
    const sentences = Array.from({ length: 3000 }, (_, i) => (i % 100 === 0 ? `${filler()} new york ${filler()}` : `${filler()} ${filler()} ${filler()} ${filler()}`));
    await setValue(page, '#corpus-text', sentences.join('\n'));
    expect(await nextMark(page, '#corpus-summary', () => page.click('#use-text'), 60_000)).toMatchObject({ state: 'ready', rawWords: '12000', phrases: '' });
    // Ticking the box reads the text again with its phrases joined.
    expect(await nextMark(page, '#corpus-summary', () => page.click('#join-phrases'), 60_000)).toMatchObject({ state: 'ready', phrases: '30 0' });
    await page.select('#setting-loss', 'hs');
    expect(await page.$eval('#setting-negative', (e) => (e as HTMLInputElement).disabled)).toBe(true);
    await page.select('#setting-device', 'cpu');
    await setValue(page, '#setting-minCount', '5');
    expect(await trainOnce(page, '2')).toBe('done');
    expect(await hook(page, '[data-testid="train"]')).toMatchObject({ device: 'cpu', loss: 'hierarchical softmax' });
    // "new_york" is one word of the vocabulary: it has neighbours.
    await setValue(page, '#nn-word', 'new_york');
    expect(await nextMark(page, '#nn-results', () => page.click('#neighbours-form button'), 30_000)).toMatchObject({ state: 'done', count: '10' });
    expect(await text(page, '#explore-error')).toBe('');
    expect((await hook(page, '#map-caption')).classes).toBe('8');
    expect(await text(page, '#map-caption')).toMatch(/\(k-means, as the C tool's -classes\)/);
    await setValue(page, '#map-classes', '3');
    expect((await nextMark(page, '#map-caption', () => page.click('#map-form button'), 30_000)).classes).toBe('3');
    expect(await nonBlankPixels(page)).toBeGreaterThan(100);
    expect(opened.errors).toEqual([]);
    expectPrivate(opened);
    await page.close();
  });

  it('a pasted paragraph is warned about before training, with settings that suit it one click away', async () => {
    const opened = await openReady();
    const { page } = opened;
    // The sample needs no advice.
    expect(await page.$eval('#corpus-advice', (e) => (e as HTMLElement).hidden)).toBe(true);
    const paragraph =
      'The river rises in the hills and runs through the valley to the sea. Farmers along the river grow wheat and barley, and the valley towns trade the grain by boat. In spring the river floods the lower fields, and the farmers move their animals to the hills until the water falls again.';
    await setValue(page, '#corpus-text', paragraph);
    expect(await nextMark(page, '#corpus-summary', () => page.click('#use-text'))).toMatchObject({ state: 'ready', rawWords: '53' });
    expect(await page.$eval('#corpus-advice', (e) => (e as HTMLElement).hidden)).toBe(false);
    const advice = await text(page, '#corpus-advice-text');
    expect(advice).toMatch(/^This text has 53 words: too few for word vectors to learn much/);
    expect(advice).toMatch(/Suggested for it: 50 epochs .*, min count 1 .*, subsampling off .* and hierarchical softmax/);
    expect(await page.$eval('#corpus-advice-text', (e) => e.className)).toBe('warning');
    await page.click('#apply-advice');
    expect(await page.$eval('#setting-epochs', (e) => (e as HTMLInputElement).value)).toBe('50');
    expect(await page.$eval('#setting-minCount', (e) => (e as HTMLInputElement).value)).toBe('1');
    expect(await page.$eval('#setting-sample', (e) => (e as HTMLInputElement).value)).toBe('0');
    expect(await page.$eval('#setting-loss', (e) => (e as HTMLSelectElement).value)).toBe('hs');
    await page.select('#setting-device', 'cpu');
    expect(await trainOnce(page)).toBe('done');
    expect((await hook(page, '[data-testid="train"]')).device).toBe('cpu');
    // Examples come from its own frequent words.
    expect(await page.$$eval('#examples button', (b) => b.length)).toBe(3);
    expect(await text(page, '#examples button:first-child')).toMatch(/^words nearest to [a-z]+$/);
    expect(opened.errors).toEqual([]);
    await page.click('#delete-model');
    await page.close();
  });

  it('pauses, resumes and cancels training', async () => {
    const opened = await openReady();
    const { page } = opened;
    await page.select('#setting-device', 'cpu');
    await setValue(page, '#setting-epochs', '20');
    await page.click('#train');
    await page.waitForFunction(() => Number((document.getElementById('progress') as HTMLProgressElement).value) > 0.02, { timeout: 60_000 });
    await page.click('#pause');
    await waitForState(page, '[data-testid="train"]', 'paused');
    // While it trains, the estimate is this machine's measured speed.
    expect(await text(page, '#estimate')).toMatch(/^Measured on this machine: [\d,]+ words\/s, so the whole run takes about \d+/);
    await new Promise((r) => setTimeout(r, 1500)); // a batch in flight may still report
    const before = await page.$eval('#progress', (e) => (e as HTMLProgressElement).value);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await page.$eval('#progress', (e) => (e as HTMLProgressElement).value)).toBe(before);
    expect(await text(page, '#pause')).toBe('Resume');
    await page.click('#pause');
    await page.waitForFunction((p) => (document.getElementById('progress') as HTMLProgressElement).value > p, { timeout: 60_000 }, before);
    expect(await sectionTask(page, 'train', () => page.click('#cancel'), 60_000)).toBe('cancelled');
    await idle(page, 60_000);
    expect(await text(page, '#train-error')).toMatch(/cancelled/i);
    expect(await enabled(page, '#train')).toBe(true);
    expect(opened.errors).toEqual([]);
    await page.close();
  });

  it('without WebGPU it says why and trains on the CPU path; it fits a narrow window', async () => {
    const opened = await openReady('/', (page) =>
      page.evaluateOnNewDocument(() => {
        delete (Navigator.prototype as { gpu?: unknown }).gpu;
      }),
    );
    const { page } = opened;
    expect(await text(page, '#gpu-message')).toMatch(/does not offer WebGPU.*CPU path/);
    expect(await page.$eval('#setting-device', (e) => (e as HTMLSelectElement).value)).toBe('cpu');
    expect(await enabled(page, '#race')).toBe(false);
    // Every control has a label a screen reader can read.
    const unlabelled = await page.$$eval('input, select, textarea', (controls) =>
      controls
        .filter((c) => ((c as HTMLInputElement).type !== 'radio' ? (c as HTMLInputElement).labels?.length === 0 && !c.getAttribute('aria-label') : !c.closest('label')))
        .map((c) => c.id),
    );
    expect(unlabelled).toEqual([]);
    await page.setViewport({ width: 420, height: 800 });
    await page.waitForFunction(() => document.documentElement.scrollWidth <= 420, { timeout: 5000 });
    await page.click('#source-small');
    await idle(page);
    expect(await trainOnce(page, '1')).toBe('done');
    expect((await hook(page, '[data-testid="train"]')).device).toBe('cpu');
    await page.screenshot({ path: join(ARTIFACTS, 'page-narrow-no-webgpu.png'), fullPage: true });
    expect(opened.errors).toEqual([]);
    await page.close();
  });
  it("the map downloads once drawn, as well-formed SVG, fitted to the bulk; messages in the page's words; the documents ask before replacing anything", async () => {
    const opened = await openReady();
    const { page } = opened;
    const dialogs: string[] = [];
    let answer = false;
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void (answer ? dialog.accept() : dialog.dismiss());
    });
    // Vectors with a control character in a word and one far outlier.
    const rows = Array.from({ length: 60 }, (_, i) => `w${i} ${Math.cos(i).toFixed(4)} ${Math.sin(1.3 * i).toFixed(4)} ${(0.1 * Math.cos(7 * i)).toFixed(4)}`);
    rows.push('a\u0001b 0.5 0.2 0.1', 'far 40 -30 0');
    writeFileSync(join(scratch, 'odd.vec'), `${rows.length} 3\n${rows.join('\n')}\n`);
    await uploadTo(page, '#load-vectors', join(scratch, 'odd.vec'));
    await waitForState(page, '#model-info', ['held', 'kept'], { name: 'odd.vec', words: '62' }, 60_000);
    await idle(page);
    // The map drawn (on arrival, then by Draw) enables its downloads.
    await waitForState(page, '#map-caption', 'drawn', { words: '62' });
    expect(await enabled(page, '#map-svg')).toBe(true);
    await page.click('#map-form button[type="submit"]');
    await idle(page);
    expect(await enabled(page, '#map-svg')).toBe(true);
    expect(await enabled(page, '#map-png')).toBe(true);
    // Row 12: the SVG is well-formed XML, the control character shown as an escape.
    await page.click('#map-svg');
    for (let i = 0; i < 100 && !readdirSync(opened.downloads).includes('word-map.svg'); i++) await new Promise((r) => setTimeout(r, 100));
    const svg = readFileSync(join(opened.downloads, 'word-map.svg'), 'utf8');
    expect(svg).toContain('<title>a\\u0001b</title>');
    expect(await page.evaluate((xml) => new DOMParser().parseFromString(xml, 'image/svg+xml').getElementsByTagName('parsererror').length, svg)).toBe(0);
    // The maps fit the bulk of the points: the 60 fill most of the width or the height (fitted to
    // the outlier, they took a fifteenth of it), the outlier off to the side.
    const [width, height] = [Number(/width="(\d+)"/.exec(svg)![1]), Number(/height="(\d+)"/.exec(svg)![1])];
    const circles = [...svg.matchAll(/<circle cx="(-?[\d.]+)" cy="(-?[\d.]+)"/g)];
    const spread = (values: number[]): number => values.sort((a, b) => a - b)[values.length - 3]! - values[2]!;
    const filled = Math.max(spread(circles.map((m) => Number(m[1]))) / width, spread(circles.map((m) => Number(m[2]))) / height);
    expect(filled).toBeGreaterThan(0.6);
    // Unknown words in the page's terms, with the phrases hint for a name.
    await setValue(page, '#nn-word', 'new york');
    expect((await nextMark(page, '#nn-results', () => page.click('#neighbours-form button'))).state).toBe('failed');
    const unknown = await text(page, '#explore-error');
    expect(unknown).toMatch(
      /"new york" is not in the vocabulary \(62 words\)\. Check the spelling, or train with a lower “Min count”\. If "new york" is one name, join phrases before training \(“Join phrases first”\): it becomes "new_york"\./,
    );
    expect(unknown).not.toMatch(/minCount/);

    // Documents: pasted; pasted again only when the visitor agrees to replace them.
    await setValue(page, '#docs-text', 'cats and dogs\n\nw1 w2 w3\n\nthe far side');
    expect(await nextMark(page, '#docs-summary', () => page.click('#docs-paste'), 60_000)).toMatchObject({ documents: '3' });
    await documentsIdle(page);
    const summary = await hook(page, '#docs-summary');
    await setValue(page, '#docs-text', 'one new document');
    await page.click('#docs-paste');
    expect(dialogs.at(-1)).toBe('Replace the 3 documents you have with the pasted ones?');
    expect(await hook(page, '#docs-summary')).toEqual(summary);
    // A search with no known word says so, naming them.
    await setValue(page, '#docs-query', 'zebra quagga');
    expect(await sectionTask(page, 'documents', () => page.click('#docs-search-form button'))).toBe('failed');
    expect(await text(page, '#docs-error')).toMatch(/None of the query's words is known to these vectors or documents: "zebra", "quagga"/);
    expect(await page.$$eval('#docs-results li', (items) => items.length)).toBe(0);
    // Training on the documents asks before replacing the vectors held, and keeps them when told no.
    expect(await text(page, '#docs-train-advice')).toMatch(/replaces the word vectors you have \(it asks first\)/);
    const modelBefore = await heldVectors(page);
    expect((await nextMark(page, '#docs-train-advice', () => page.click('#docs-train'))).state).toBe('declined');
    expect(dialogs.at(-1)).toMatch(/^Training on the documents replaces the word vectors you have \(odd\.vec, 62 words\) with new ones, here and in this browser's kept copy\./);
    expect(await heldVectors(page)).toEqual(modelBefore);
    // Told yes, it trains with the settings suggested for so small a collection, and says so where the button is.
    answer = true;
    expect(await sectionTask(page, 'train', () => page.click('#docs-train'))).toBe('done');
    await documentsIdle(page);
    expect(await text(page, '#docs-train-advice')).toMatch(
      /^Trained with the settings suggested for a collection this small, where you had kept the page's defaults: This text has \d+ words/,
    );
    expect(await page.$eval('#setting-minCount', (e) => (e as HTMLInputElement).value)).toBe('1');
    // The loss chart says what its lines are.
    expect(await text(page, '#loss-chart')).toMatch(/mean over the last epoch/);
    // Advice is for the text it was given about: a refused file takes it away.
    await setValue(page, '#corpus-text', 'The cat sat. The cat ran. '.repeat(10));
    await page.click('#use-text');
    await page.waitForFunction(() => !document.getElementById('corpus-advice')!.hidden);
    writeFileSync(join(scratch, 'noise.txt'), Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 2654435761) >>> 24)));
    expect(await sectionTask(page, 'text', () => uploadTo(page, '#corpus-files', join(scratch, 'noise.txt')), 60_000)).toBe('failed');
    expect(await page.$eval('#corpus-advice', (e) => (e as HTMLElement).hidden)).toBe(true);
    await idle(page);
    await page.setViewport({ width: 1280, height: 900 });
    await page.$eval('#docs-heading', (h) => h.scrollIntoView());
    await page.screenshot({ path: join(ARTIFACTS, 'page-documents-1280.png') });
    answer = true;
    await forgetAndClose(opened);
  }, 300_000);

  it('your documents: a folder dropped; a folder of 300 files chosen, trained on, searched, more like this, mapped, downloaded, re-imported, restored on reload; bad ones reported; nothing leaves the page', async () => {
    // 300 news articles (lee_background.cor), one file each; a photo and an empty file among them.
    const folder = join(scratch, 'articles');
    const articles = readFileSync(new URL('../../shared/data/corpora/lee_background.cor', import.meta.url), 'latin1')
      .split('\n')
      .filter((line) => line.trim() !== '');
    mkdirSync(folder, { recursive: true });
    const paths = articles.map((article, i) => {
      const path = join(folder, `article-${String(i).padStart(3, '0')}.txt`);
      writeFileSync(path, article);
      return path;
    });
    writeFileSync(join(folder, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]));
    writeFileSync(join(folder, 'empty.txt'), '');
    const opened = await openReady();
    const { page } = opened;

    // Bad documents are reported, not fatal: a file that is not JSON Lines, a file with no text.
    const bad = join(scratch, 'bad.jsonl');
    writeFileSync(bad, 'not json\n');
    expect(await sectionTask(page, 'documents', () => uploadTo(page, '#docs-import', bad))).toBe('failed');
    expect(await text(page, '#docs-error')).toMatch(/Line 1 of "bad\.jsonl" is not JSON/);
    await page.$eval('#docs-drop', (zone) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array([0, 1, 2, 3])], 'blob.bin'));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() =>
      /No documents with words: 0 documents; 1 file skipped as not text \(blob\.bin\)/.test(document.getElementById('docs-error')!.textContent ?? ''),
    );

    // A folder dropped: the drop hands the page File System entries (webkitGetAsEntry), which it walks
    // (sub-folders, readEntries' batches). The devtools protocol cannot drop a real folder, so these
    // entries are built in the page, in that API's shape, around real Files.
    await documentsIdle(page);
    await page.$eval('#docs-drop', (zone) => {
      // Entries in that API's shape (no named helpers: the page gets this function's source alone).
      const entries = [
        ['letters/b.txt', 'the cat sat'],
        ['letters/sub/c.md', 'the bus was late'],
        ['letters/sub/photo.png', '\u0089PNG\u0000\u0000\u0001\u0002'],
        ['letters/a.txt', 'Dear Ann, the dog ran'],
      ].map(([path, text]) => ({
        path: path!,
        isFile: true,
        isDirectory: false,
        name: path!.split('/').pop()!,
        file: (ok: (f: File) => void) => ok(new File([text!], path!.split('/').pop()!)),
      }));
      const folders = new Map<string, { isFile: boolean; isDirectory: boolean; name: string; createReader: () => unknown }>();
      for (const path of ['letters/sub', 'letters']) {
        const children = [
          ...entries.filter((e) => e.path.startsWith(`${path}/`) && !e.path.slice(path.length + 1).includes('/')),
          ...[...folders].filter(([p]) => p.startsWith(`${path}/`)).map(([, f]) => f),
        ];
        // readEntries answers in batches: one entry at a time, then an empty batch.
        const batches = children.map((c) => [c]);
        folders.set(path, {
          isFile: false,
          isDirectory: true,
          name: path.split('/').pop()!,
          createReader: () => ({ readEntries: (ok: (batch: unknown[]) => void) => ok(batches.shift() ?? []) }),
        });
      }
      const drop = new Event('drop', { bubbles: true, cancelable: true });
      Object.defineProperty(drop, 'dataTransfer', { value: { items: [{ webkitGetAsEntry: () => folders.get('letters') }], files: [] } });
      zone.dispatchEvent(drop);
    });
    await waitForState(page, '#docs-summary', 'collected', { documents: '3' });
    await documentsIdle(page);
    expect(await text(page, '#docs-summary')).toMatch(/1 file skipped as not text \(letters\/sub\/photo\.png\)/);

    // The folder chosen whole (the folder input, webkitdirectory): each file is a document, its id its path there.
    expect(paths).toHaveLength(300);
    expect(await sectionTask(page, 'documents', () => uploadTo(page, '#docs-folder', folder), 60_000)).toBe('done');
    expect((await hook(page, '#docs-summary')).documents).toBe('300');
    expect(await text(page, '#docs-summary')).toMatch(/1 file skipped as not text \(articles\/photo\.jpg\); 1 empty skipped/);
    await documentsIdle(page);
    // With vectors kept by an earlier visit the documents were embedded on arrival; the embedding
    // to wait for is the next one, with the vectors trained now.
    page.on('dialog', (dialog) => void dialog.accept()); // replacing vectors kept by an earlier visit, if any
    expect(await nextMark(page, '#docs-summary', () => page.click('#docs-train'))).toMatchObject({ state: 'embedded', documents: '300' });
    await documentsIdle(page);
    expect((await hook(page, '#model-info')).name).toMatch(/on your documents/);

    await setValue(page, '#docs-query', 'bushfires burning near Sydney');
    const found = await nextMark(page, '#docs-found', () => page.click('#docs-search-form button'));
    expect(found).toMatchObject({ query: 'bushfires burning near Sydney', count: '10' });
    expect(found.marked!.split(' ').slice(0, 4)).toEqual(['bushfires', 'burning', 'near', 'sydney']);
    const top = await page.$$eval('#docs-results li', (items) => items.slice(0, 3).map((li) => li.textContent ?? ''));
    for (const hit of top) expect(hit.toLowerCase()).toMatch(/fire/);
    // At 1280 px a hit's buttons share a line under its title, the search field shows its
    // placeholder, and each file picker stays beside its label.
    const layout = await page.evaluate(() => {
      const top = (e: Element): number => Math.round(e.getBoundingClientRect().top);
      const hit = document.querySelector('#docs-results li')!;
      const [open, like] = [...hit.querySelectorAll('button')];
      const query = document.getElementById('docs-query') as HTMLInputElement;
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = getComputedStyle(query).font;
      const besideLabel = (id: string): boolean => top(document.querySelector(`label[for="${id}"]`)!) - top(document.getElementById(id)!) < 12;
      return {
        buttonsOnOneLine: top(open!) === top(like!),
        buttonsUnderTitle: top(open!) > top(hit.querySelector('strong')!),
        placeholderFits: query.clientWidth >= context.measureText(query.placeholder).width,
        pickersBesideLabels: ['docs-files', 'docs-folder', 'docs-import'].every(besideLabel),
      };
    });
    expect(layout).toEqual({ buttonsOnOneLine: true, buttonsUnderTitle: true, placeholderFits: true, pickersBesideLabels: true });
    expect(await page.$$eval('#docs-results li mark', (marks) => marks.length)).toBeGreaterThan(3);
    const firstId = await page.$eval('#docs-results li', (li) => /· (\S+) $/.exec(li.querySelector('span')!.textContent ?? '')![1]!);
    await page.$$eval('#docs-results li', (items) => (items[0]!.querySelectorAll('button')[1] as HTMLButtonElement).click());
    await waitForState(page, '#docs-found', 'found', { like: firstId });
    const likeIds = await page.$$eval('#docs-results li span:not(.snippet)', (spans) => spans.map((s) => /· (\S+) $/.exec(s.textContent ?? '')![1]!));
    expect(likeIds).not.toContain(firstId);
    await page.$$eval('#docs-results li', (items) => (items[0]!.querySelector('button') as HTMLButtonElement).click());
    await page.waitForFunction(() => !document.getElementById('docs-view')!.hidden);
    // Opened where the eye is: the page scrolls to the text.
    expect(await page.$eval('#docs-view', (view) => view.getBoundingClientRect().top)).toBeGreaterThan(-2);
    expect(await page.$eval('#docs-view', (view) => view.getBoundingClientRect().top < window.innerHeight)).toBe(true);
    expect(await text(page, '#docs-view-id')).toBe(likeIds[0]);

    // The map: 300 points, coloured; a click on one opens its document.
    expect(await text(page, '#docs-map-caption')).toMatch(/^300 documents, placed by .* coloured by 6 clusters/);
    await page.$eval('#docs-map', (e) => e.scrollIntoView());
    const box = (await (await page.$('#docs-map'))!.boundingBox())!;
    let hovered = '';
    // A point within 8 pixels is hovered, so a 10-pixel grid finds every point.
    for (let y = 10; y < box.height && !hovered; y += 10) {
      for (let x = 10; x < box.width && !hovered; x += 10) {
        await page.mouse.move(box.x + x, box.y + y);
        hovered = await page.$eval('#docs-map', (e) => e.getAttribute('title') ?? '');
        if (hovered) await page.mouse.click(box.x + x, box.y + y);
      }
    }
    await page.waitForFunction((title) => document.getElementById('docs-view-title')!.textContent === title, {}, hovered);

    // Downloads: JSON lines with id, title, vector and text; the word2vec layout keyed by document.
    for (const [button, file] of [
      ['#docs-download-jsonl', 'documents.jsonl'],
      ['#docs-download-w2v', 'documents.txt'],
    ] as const) {
      await page.click(button);
      await page.waitForFunction((name) => document.body.dataset.downloaded === name, {}, file);
      for (let i = 0; i < 100 && !readdirSync(opened.downloads).includes(file); i++) await new Promise((r) => setTimeout(r, 100));
    }
    const lines = readFileSync(join(opened.downloads, 'documents.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(300);
    const row = JSON.parse(lines[0]!);
    expect(row.id).toBe('articles/article-000.txt');
    expect(row.vector).toHaveLength(100);
    expect(row.text).toBe(articles[0]);
    const w2v = await readVectors(readFileSync(join(opened.downloads, 'documents.txt')));
    expect(w2v.size).toBe(300);
    expect(w2v.indexToKey).toContain('articles/article-001.txt');

    // Forget them, import the download back: the same documents, embedded again.
    await page.click('#docs-clear');
    await waitForState(page, '#docs-summary', 'empty');
    await uploadTo(page, '#docs-import', join(opened.downloads, 'documents.jsonl'));
    await waitForState(page, '#docs-summary', 'embedded', { documents: '300' }, 120_000);
    expect(await text(page, '#docs-summary')).toMatch(/^imported from documents\.jsonl\./);
    await documentsIdle(page);
    await waitForState(page, '#model-info', 'kept', {}, 60_000);
    expect(opened.errors).toEqual([]);
    expectPrivate(opened);
    await page.close();

    // A new visit restores the model and the documents; search answers at once.
    const again = await openReady();
    await waitForState(again.page, '#docs-summary', 'embedded', { documents: '300' }, 120_000);
    await setValue(again.page, '#docs-query', 'cricket');
    expect(await nextMark(again.page, '#docs-found', () => again.page.click('#docs-search-form button'))).toMatchObject({ query: 'cricket', count: '10' });
    expect((await text(again.page, '#docs-results li')).toLowerCase()).toMatch(/cricket|test|wicket/);
    await again.page.screenshot({ path: join(ARTIFACTS, 'page-documents.png'), fullPage: true });
    await (await again.page.$('section[aria-labelledby="docs-heading"]'))!.screenshot({ path: join(ARTIFACTS, 'page-documents-section.png') });
    await forgetAndClose(again);
  }, 600_000);
  it('your documents: the Lee set scored against its ratings in the page, with the hybrid and with PV-DBOW; trained again from the vectors held; PV-DBOW trained on the documents after a reload', async () => {
    const opened = await openReady();
    const { page } = opened;
    const lee = join(scratch, 'lee.cor');
    writeFileSync(lee, readFileSync(new URL('../../shared/data/docsim/lee.cor', import.meta.url)));
    const ratings = join(scratch, 'similarities0-1.txt');
    writeFileSync(ratings, readFileSync(new URL('../../shared/data/docsim/similarities0-1.txt', import.meta.url)));
    // Training on the documents asks before replacing vectors held (trained below, or kept by an earlier test).
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await page.select('#docs-split', 'lines');
    await page.select('#setting-loss', 'ns'); // PV-DBOW needs negative sampling's output layer
    expect(await sectionTask(page, 'documents', () => uploadTo(page, '#docs-files', lee), 60_000)).toBe('done');
    expect((await hook(page, '#docs-summary')).documents).toBe('50');
    await documentsIdle(page);
    expect(await nextMark(page, '#docs-summary', () => page.click('#docs-train'))).toMatchObject({ state: 'embedded', documents: '50' });
    await documentsIdle(page);
    const score = async (): Promise<number> => {
      const scored = await nextMark(page, '#docs-eval-result', () => uploadTo(page, '#docs-ratings', ratings), 60_000);
      expect(scored).toMatchObject({ state: 'done', pairs: '1225' });
      return Number(scored.pearson);
    };
    // Trained on the 50 documents alone (no background): the bag of words carries the hybrid, with
    // the share their length gives (a median of about 60 distinct words: 0.6 x 60 / 70, about 51%).
    expect(await text(page, '#docs-summary')).toMatch(/\(meaning and shared words .*, the bag of words (4[6-9]|5\d)% by the documents' length\)/);
    expect(await score()).toBeGreaterThan(0.4);
    // Ratings of another shape are refused with the fix.
    const wrong = join(scratch, 'ratings-3.txt');
    writeFileSync(wrong, '1\t0.5\t0.2\n0\t1\t0.3\n0\t0\t1\n');
    expect(await sectionTask(page, 'documents', () => uploadTo(page, '#docs-ratings', wrong))).toBe('failed');
    expect(await text(page, '#docs-error')).toMatch(/a 50-document set needs 50 numbers a line/);
    // Trained again, starting from the vectors the page holds (as gensim's intersect_word2vec_format): it asks first.
    asked.length = 0;
    await page.click('#docs-start-from');
    // The next embedding is the new vectors'.
    expect(await nextMark(page, '#docs-summary', () => page.click('#docs-train'))).toMatchObject({ state: 'embedded', documents: '50' });
    expect((await hook(page, '#model-info')).name).toMatch(/starting from skip-gram on your documents for [\d,]+ words/);
    expect(asked).toEqual([expect.stringMatching(/^Training on the documents replaces the word vectors you have \(.+, [\d,]+ words\) with new ones that start from them/)]);
    await documentsIdle(page);
    await page.select('#docs-method', 'dbow');
    expect(await nextMark(page, '#docs-summary', () => page.click('#docs-embed'))).toMatchObject({ state: 'embedded', method: 'dbow' });
    await documentsIdle(page);
    // 50 short documents train too little for PV-DBOW to score well (the Lee figures need the
    // background articles: test/documents.test.ts); here it has to run, score and search.
    expect(Number.isFinite(await score())).toBe(true);
    await setValue(page, '#docs-query', 'police'); // in 5 of the 50 (bushfires, in none, is refused as unknown)
    expect(await nextMark(page, '#docs-found', () => page.click('#docs-search-form button'))).toMatchObject({ query: 'police', count: '10' });
    await waitForState(page, '#model-info', 'kept', {}, 60_000);
    expect(opened.errors).toEqual([]);
    expectPrivate(opened);
    await page.close();

    // The kept model is its vectors alone, so on the next visit PV-DBOW has no output layer to infer
    // through: it is trained on the documents instead, the status line counting its epochs; the
    // hybrid embeds them too.
    const again = await openReady('/', (p) =>
      p.evaluateOnNewDocument(() => {
        const seen: string[] = [];
        Object.assign(window, { __steps: seen });
        document.addEventListener('DOMContentLoaded', () => {
          const line = document.getElementById('status')!;
          new MutationObserver(() => seen.push(`${line.dataset.task}:${line.dataset.done}/${line.dataset.of}`)).observe(line, {
            attributes: true,
            attributeFilter: ['data-marks'],
          });
        });
      }),
    );
    await waitForState(again.page, '#docs-summary', 'embedded', { documents: '50', method: 'dbow' }, 120_000);
    const steps = (await again.page.evaluate('window.__steps')) as string[];
    expect(steps.filter((s) => /^docs:\d+\/40$/.test(s)).length).toBeGreaterThan(0);
    await again.page.waitForFunction(() => !(document.getElementById('docs-clear') as HTMLButtonElement).disabled);
    await again.page.select('#docs-method', 'hybrid');
    expect(await nextMark(again.page, '#docs-summary', () => again.page.click('#docs-embed'), 120_000)).toMatchObject({ state: 'embedded', method: 'hybrid' });
    await again.page.waitForFunction(() => !(document.getElementById('docs-clear') as HTMLButtonElement).disabled);
    await forgetAndClose(again);
  }, 600_000);
});
