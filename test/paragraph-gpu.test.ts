// The PV-DBOW inference kernel against its CPU twin, on Dawn (SwiftShader without a GPU); the
// same cases run in Chromium (test/browser.test.ts).
import { describe, expect, it } from 'vitest';
import { ParagraphVectors, inferRows } from '../src/docs/paragraph-vectors';
import { GpuParagraphVectors } from '../src/gpu/paragraph-vectors';
import { testGpu } from './helpers/gpu';
import { compareParagraphTwin, PARAGRAPH_CASES } from './helpers/paragraph-twin';

describe('PV-DBOW inference on the GPU', () => {
  for (const [dim, negative, sample] of PARAGRAPH_CASES) {
    it(`matches its CPU twin (dim ${dim}, ${negative} negatives, sample ${sample})`, async () => {
      const { worst, moved } = await compareParagraphTwin((await testGpu()).device, dim, negative, sample);
      expect(worst).toBeLessThan(1e-4);
      // Training moved the vectors well away from their starting points.
      expect(moved).toBeGreaterThan(1e-3);
      expect(moved).toBeGreaterThan(1000 * worst);
    });
  }

  it('an empty batch returns nothing, and a document without words keeps its starting vector', async () => {
    const { device } = await testGpu();
    const layer = { words: ['a', 'b'], counts: [2, 1], syn1neg: Float32Array.from({ length: 16 }, (_, i) => i / 16), dim: 8 };
    const { setup } = new ParagraphVectors(layer, { epochs: 2 });
    const gpu = await GpuParagraphVectors.create(device, setup);
    try {
      expect((await gpu.infer([], [])).length).toBe(0);
      const got = await gpu.infer([new Uint32Array()], [5]);
      expect(Array.from(got)).toEqual(Array.from(inferRows(setup, new Uint32Array(), 5)));
    } finally {
      gpu.destroy();
    }
  });
});
