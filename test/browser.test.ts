import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowser, type BrowserSession } from './helpers/browser';
import { DBOW_CASES, type DbowComparison, MEANS_DIMS, PARAGRAPH_CASES, type ParagraphComparison } from './helpers/document-twins';
import { SUBGROUP, TWIN_CASES, type TwinComparison } from './helpers/twin';

let session: BrowserSession;
beforeAll(async () => {
  session = await startBrowser();
});
afterAll(async () => session?.close());

describe('in Chromium (WebGPU through navigator.gpu)', () => {
  it("the training kernels and the documents' kernels match their CPU twins, and train() runs on the GPU", async () => {
    const { page } = await session.open('/test/browser/kernels.html');
    await page.waitForFunction('window.__result !== undefined', { timeout: 300_000 });
    const result = (await page.evaluate('window.__result')) as {
      error?: string;
      adapter: { vendor: string };
      twins: Record<string, TwinComparison>;
      paragraphs: ParagraphComparison[];
      dbow: DbowComparison[];
      means: { worst: number; shortest: number }[];
      report: { device: string; finalLoss: number };
      tuningStore: { kept?: number; missing?: number };
    };
    expect(result.error).toBeUndefined();
    expect(Object.keys(result.twins)).toHaveLength(TWIN_CASES.length);
    for (const [name, , limits] of TWIN_CASES) {
      const twin = result.twins[name]!;
      expect(twin.moved).toBeGreaterThan(1e-3);
      expect(twin.syn0Difference).toBeLessThan(1e-5);
      expect(twin.syn1Difference).toBeLessThan(1e-5);
      if (limits?.subgroups === false || limits?.subgroupSize !== undefined) expect(twin.subgroups).toBe(false);
      if (limits?.variant && limits.subgroupSize === undefined)
        expect(twin.variant).toEqual({ ...limits.variant, invocations: limits.variant.invocations === SUBGROUP ? twin.variant.invocations : limits.variant.invocations });
      if (limits?.variant && limits.variant.lanesPerGroup > 1) expect(twin.subgroups).toBe(true);
    }
    expect(result.paragraphs).toHaveLength(PARAGRAPH_CASES.length);
    for (const { worst, moved } of result.paragraphs) {
      expect(worst).toBeLessThan(1e-4);
      expect(moved).toBeGreaterThan(1e-3);
    }
    expect(result.dbow).toHaveLength(DBOW_CASES.length);
    for (const { worst, movedDocuments } of result.dbow) {
      expect(worst).toBeLessThan(1e-4);
      expect(movedDocuments).toBeGreaterThan(1000 * worst);
    }
    expect(result.means).toHaveLength(MEANS_DIMS.length);
    for (const { worst, shortest } of result.means) {
      expect(worst).toBeLessThan(1e-5);
      expect(shortest).toBeGreaterThan(1e-3);
    }
    console.log('Chromium: the default negative-sampling kernel sums with', result.twins[TWIN_CASES[0]![0]]!.subgroups ? 'subgroupAdd' : 'workgroup memory');
    expect(result.report.device).toBe('gpu');
    expect(result.tuningStore).toEqual({ kept: 16 });
    expect(result.report.finalLoss).toBeGreaterThan(0);
  });
});
