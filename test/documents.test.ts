import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DocumentCollector, decodeText } from '../src/documents/collect-documents';
import { DocumentIndex, defaultBagShare, defaultTitle, documentJsonLines, documentsFromJsonLines, embedDocuments } from '../src/documents/document-index';
import { DocumentEmbedder, documentWords } from '../src/documents/document-vectors';
import { ParagraphVectors, inferRows } from '../src/documents/dbow/paragraph-vectors';
import { startingVector } from '../src/documents/dbow/inference-setup';
import { dbowCorpus, prepareDbow, trainParagraphs } from '../src/documents/dbow/dbow-training';
import { snippet } from '../src/documents/snippet';
import { TermWeights, bagDot } from '../src/documents/term-weights';
import { train } from '../src/word2vec/train';
import { documentSimilarity, readRatings } from '../src/documents/document-similarity';
import { KeyedVectors } from '../src/search/keyed-vectors';
import { spawnNodeKernelThread } from '../src/word2vec/cpu/node-kernel-thread';

/** Four words in 3 dimensions: "the" is near every document's common direction. */
const kv = new KeyedVectors(['the', 'cat', 'dog', 'car'], Float32Array.from([1, 1, 0, 1, 0, 0, 0.9, 0.1, 0, 0, 0, 1]), 3);

describe('document vectors from word vectors', () => {
  it('splits text into lower-cased Unicode words', () => {
    expect(documentWords('The Cat, the DOG.\nÇa va')).toEqual(['the', 'cat', 'the', 'dog', 'ça', 'va']);
  });

  it('mean: the plain average of the known words; unknown words are skipped, a document without any is zero', () => {
    const embedder = DocumentEmbedder.fit(kv, [['the', 'cat']], { method: 'mean' });
    expect(Array.from(embedder.embed(['the', 'cat', 'unknown']))).toEqual([1, 0.5, 0]);
    expect(Array.from(embedder.embed(['unknown']))).toEqual([0, 0, 0]);
  });

  it('tfidf: each occurrence weighted by its inverse document frequency, so a word in every document counts least', () => {
    const docs = [
      ['the', 'cat'],
      ['the', 'dog'],
      ['the', 'car'],
    ];
    const embedder = DocumentEmbedder.fit(kv, docs, { method: 'tfidf' });
    const v = embedder.embed(['the', 'car']);
    // idf(the) = ln(4/4) + 1 = 1, idf(car) = ln(4/2) + 1; the mean over 2 words.
    expect(v[0]).toBeCloseTo(0.5, 6);
    expect(v[2]).toBeCloseTo((Math.log(2) + 1) / 2, 6);
  });

  it('sif: frequent words weigh a / (a + p(w)), and the direction the documents share is removed', () => {
    const docs = [
      ['the', 'the', 'cat'],
      ['the', 'the', 'dog'],
      ['the', 'car'],
    ];
    const counts = new Map([
      ['the', 1000],
      ['cat', 10],
      ['dog', 10],
      ['car', 10],
    ]);
    const embedder = DocumentEmbedder.fit(kv, docs, { method: 'sif', wordCounts: counts, sifWeight: 1e-3 });
    const plain = DocumentEmbedder.fit(kv, docs, { method: 'mean' });
    const vectors = embedder.embedAll(docs);
    // Every vector is orthogonal to the common direction, so what is left tells cat from car.
    const rows = [0, 1, 2].map((d) => vectors.subarray(d * 3, d * 3 + 3));
    const cosine = (x: Float32Array, y: Float32Array): number => {
      const dot = x.reduce((s, v, k) => s + v * y[k]!, 0);
      return dot / (Math.hypot(...x) * Math.hypot(...y));
    };
    const mean = [0, 1, 2].map((d) => plain.embed(docs[d]!));
    expect(cosine(rows[0]!, rows[2]!)).toBeLessThan(cosine(mean[0]!, mean[2]!));
    expect(cosine(rows[0]!, rows[1]!)).toBeGreaterThan(cosine(rows[0]!, rows[2]!)); // cat is nearer dog than car
  });

  it('refuses an unknown method and a SIF weight that is not above 0, naming the fix', () => {
    expect(() => DocumentEmbedder.fit(kv, [], { method: 'bm25' as never })).toThrow(/one of sif, tfidf, mean/);
    expect(() => DocumentEmbedder.fit(kv, [], { sifWeight: 0 })).toThrow(/above 0.*1e-3/);
  });
});

describe('the document-similarity evaluation', () => {
  it('reads the Lee ratings (upper triangle) and correlates the cosines with them', () => {
    const ratings = readRatings(readFileSync(new URL('../../shared/data/docsim/similarities0-1.txt', import.meta.url), 'utf8'), 50);
    expect(ratings[0]![0]).toBe(1);
    expect(ratings[1]![0]).toBe(0); // the lower triangle is empty
    // Three documents whose cosines rank the pairs as the ratings do: Spearman 1.
    const three = [
      [1, 0.9, 0.1],
      [0, 1, 0.2],
      [0, 0, 1],
    ];
    const scores = [
      [1, 0.99, 0],
      [0.99, 1, 0.14],
      [0, 0.14, 1],
    ];
    const result = documentSimilarity((i, j) => scores[i]![j]!, three);
    expect(result.pairs).toBe(3);
    expect(result.spearman).toBeCloseTo(1, 6);
    expect(result.pearson).toBeGreaterThan(0.9);
  });

  it('refuses a ratings file of the wrong shape', () => {
    expect(() => readRatings('1\t0.5\n0\t1\n', 3)).toThrow(/a 3-document set needs 3 numbers a line/);
    expect(() => readRatings('1\t0.5\n', 2)).toThrow(/1 lines for 2 documents/);
    expect(() => readRatings('1\tx\n0\t1\n', 2)).toThrow(/not a number/);
  });
});

describe('TF-IDF bags of words', () => {
  const weights = TermWeights.fit([['a', 'b'], ['a', 'c'], ['a']]);

  it('weigh (1 + ln tf) by the smoothed idf ln((1 + N) / (1 + df)) + 1, at unit length', () => {
    const bag = weights.bag(['b', 'b', 'a']);
    const a = 1; // ln(4/4) + 1: in every document
    const b = (1 + Math.log(2)) * (Math.log(4 / 2) + 1);
    expect(bag.terms.length).toBe(2);
    expect(weights.word(bag.terms[0]!)).toBe('a');
    expect(bag.weights[0]).toBeCloseTo(a / Math.hypot(a, b), 6);
    expect(bag.weights[1]).toBeCloseTo(b / Math.hypot(a, b), 6);
    expect(bagDot(bag, bag)).toBeCloseTo(1, 6);
    expect(bagDot(bag, weights.bag(['c']))).toBe(0);
  });

  it("give a document's new words an id (the rarest idf) so that later documents share them; a query's count only in its length", () => {
    const fresh = TermWeights.fit([['a', 'b'], ['a', 'c'], ['a']]);
    const query = fresh.bag(['zebra', 'a'], false);
    expect(query.terms.length).toBe(1);
    expect(query.weights[0]).toBeCloseTo(1 / Math.hypot(1, Math.log(4) + 1), 6);
    expect(fresh.terms).toBe(3);
    const first = fresh.bag(['zebra']);
    expect(fresh.terms).toBe(4);
    expect(bagDot(first, fresh.bag(['zebra']))).toBeCloseTo(1, 6);
    expect(fresh.bag([]).terms.length).toBe(0);
  });
});

describe('the document index', () => {
  // Words in 2 dimensions: pets along x, vehicles along y.
  const words = new KeyedVectors(['cat', 'dog', 'car', 'bus', 'the'], Float32Array.from([1, 0.1, 0.9, 0.2, 0.1, 1, 0.2, 0.9, 0.5, 0.5]), 2);
  const documents = [
    { id: 'pets', text: 'The cat and the dog\nat home' },
    { id: 'cars', text: 'the car, the bus', title: 'Traffic' },
    { id: 'cat-only', text: 'cat cat cat' },
  ];

  it('searches free text and finds more like a document, itself left out, best first', async () => {
    for (const method of ['hybrid', 'sif', 'tfidf', 'mean'] as const) {
      const index = DocumentIndex.build(words, documents, { method });
      expect((await index.search('a bus', 3))[0]!.id).toBe('cars');
      const like = await index.similar('cat-only', 2);
      expect(like.map((h) => h.id)).toEqual(['pets', 'cars']);
      expect(like[0]!.score).toBeGreaterThan(like[1]!.score);
      expect(index.titles).toEqual(['The cat and the dog', 'Traffic', 'cat cat cat']);
    }
  });

  it("ranks the same on the vectors' own search index (the CPU's SIMD kernels here) as on this thread", async () => {
    for (const method of ['hybrid', 'sif'] as const) {
      const index = DocumentIndex.build(words, documents, { method });
      const plain = await index.search('a bus and a cat', 3);
      const plainLike = await index.similar('pets', 2);
      index.useRanker(await words.indexOver(index.vectors));
      const ranked = await index.search('a bus and a cat', 3);
      expect(ranked.map((h) => h.id)).toEqual(plain.map((h) => h.id));
      ranked.forEach((h, i) => expect(h.score).toBeCloseTo(plain[i]!.score, 5));
      expect((await index.similar('pets', 2)).map((h) => h.id)).toEqual(plainLike.map((h) => h.id));
      index.destroy();
    }
  });

  it('hybrid: a weighted mix of the vector and bag cosines; bagShare 1 is the bag alone, 0 the SIF vector alone', () => {
    const bagOnly = DocumentIndex.build(words, documents, { bagShare: 1 });
    const terms = TermWeights.fit(documents.map((d) => documentWords(d.text)));
    const bags = documents.map((d) => terms.bag(documentWords(d.text)));
    expect(bagOnly.score(0, 2)).toBeCloseTo(bagDot(bags[0]!, bags[2]!), 6);
    const vectorOnly = DocumentIndex.build(words, documents, { bagShare: 0 });
    const sif = DocumentIndex.build(words, documents, { method: 'sif' });
    expect(vectorOnly.score(0, 2)).toBeCloseTo(sif.score(0, 2), 6);
    const mixed = DocumentIndex.build(words, documents);
    const w = mixed.bagWeight;
    expect(w).toBeGreaterThan(0);
    expect(w).toBeLessThan(1);
    expect(mixed.score(0, 2)).toBeCloseTo(w * bagOnly.score(0, 2) + (1 - w) * sif.score(0, 2), 6);
  });

  it("hybrid: without a share, the documents' length chooses it: 0.6 m / (m + 10), m the median number of distinct words", () => {
    const ofSizes = (sizes: number[]): string[][] => sizes.map((n) => Array.from({ length: n }, (_, i) => `w${i}`).concat(['w0']));
    expect(defaultBagShare(ofSizes([10, 10, 10]))).toBeCloseTo(0.3, 10); // WordNet's glosses
    expect(defaultBagShare(ofSizes([5, 90, 200]))).toBeCloseTo((0.6 * 90) / 100, 10); // the median, not the mean
    expect(defaultBagShare(ofSizes([1000]))).toBeGreaterThan(0.59);
    expect(defaultBagShare([[], []])).toBe(0.6); // no words: as long documents
    // The index tells the share it used: its documents' own, or the one given; 0 without a bag.
    const sizes = documents.map((d) => documentWords(d.text));
    expect(DocumentIndex.build(words, documents).bagShare).toBeCloseTo(defaultBagShare(sizes), 10);
    expect(DocumentIndex.build(words, documents, { bagShare: 0.25 }).bagShare).toBe(0.25);
    expect(DocumentIndex.build(words, documents, { method: 'sif' }).bagShare).toBe(0);
  });

  it('refuses duplicate and unknown ids, unknown methods, a share outside 0..1 and a topn below 1, naming the fix', async () => {
    expect(() => DocumentIndex.build(words, [documents[0]!, documents[0]!])).toThrow(/Two documents have the id "pets"; give each document its own id/);
    const index = DocumentIndex.build(words, documents);
    await expect(index.similar('nope')).rejects.toThrow(/No document has the id "nope".*"pets"/);
    await expect(index.search('cat', 0)).rejects.toThrow(/topn must be a whole number, 1 or more/);
    expect(() => DocumentIndex.build(words, documents, { method: 'lsi' as never })).toThrow(/one of hybrid, sif, tfidf, mean/);
    expect(() => DocumentIndex.build(words, documents, { bagShare: 2 })).toThrow(/`bagShare` must be between 0 and 1, not 2; leave it out to let the documents' length choose it/);
  });

  it('titles a document by its first non-empty line, at most 80 characters', () => {
    expect(defaultTitle('\n\n  Dear   Ann,\nhello')).toBe('Dear Ann,');
    expect(defaultTitle('x'.repeat(100))).toHaveLength(80);
  });

  it('on the Lee set, trained on lee_background.cor: the hybrid beats the bag of words and reaches 0.6; SIF beats the plain mean; PV-DBOW beats 0.4', async () => {
    const data = new URL('../../shared/data/', import.meta.url);
    const background = readFileSync(new URL('corpora/lee_background.cor', data), 'latin1');
    const lee = readFileSync(new URL('docsim/lee.cor', data), 'latin1')
      .split('\n')
      .map((text, i) => ({ id: String(i), text }));
    const ratings = readRatings(readFileSync(new URL('docsim/similarities0-1.txt', data), 'utf8'), 50);
    const model = await train(background, { sg: 1, minCount: 2, epochs: 20, seed: 3, tokenizer: 'unicode' }, { device: 'cpu' });
    const pearsonOf = (options: Parameters<typeof DocumentIndex.build>[2]): number => {
      const index = embedDocuments(model, lee, { ...options, background: background.split('\n') });
      return documentSimilarity((i, j) => index.score(i, j), ratings).pearson;
    };
    const hybrid = pearsonOf({});
    const bag = pearsonOf({ bagShare: 1 });
    const sif = pearsonOf({ method: 'sif' });
    const mean = pearsonOf({ method: 'mean' });
    const dbow = pearsonOf({ method: 'dbow' });
    model.destroy();
    expect(dbow).toBeGreaterThan(0.4); // gensim's PV-DBOW: 0.409
    expect(bag).toBeGreaterThan(0.55);
    expect(hybrid).toBeGreaterThan(bag + 0.02);
    expect(hybrid).toBeGreaterThan(0.6);
    expect(sif).toBeGreaterThan(mean + 0.05);
  }, 120_000);
});

describe('search snippets', () => {
  it('show the passage where the marked words are densest, marked, with "…" where the text is cut', () => {
    const text = `${'filler '.repeat(50)}The Cat sat; a dog barked.${' more'.repeat(50)}`;
    const parts = snippet(text, new Set(['cat', 'dog']), 10);
    expect(parts[0]).toEqual({ text: '…', mark: false });
    expect(parts[parts.length - 1]).toEqual({ text: '…', mark: false });
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual(['Cat', 'dog']);
    expect(parts.map((p) => p.text).join('')).toMatch(/filler The Cat sat; a dog barked\. more/);
    expect(parts.filter((p) => /^[\p{L}]+$/u.test(p.text))).toHaveLength(10);
  });

  it('give the opening of a text without any marked word, and nothing for a text without words', () => {
    expect(snippet('one two three four', new Set(['zebra']), 2).map((p) => p.text)).toEqual(['one', ' ', 'two', '…']);
    expect(snippet('... !!!', new Set(['a']))).toEqual([]);
  });
});

describe('collecting documents from files', () => {
  it('splits by line (ids FILE:LINE), by paragraph (ids FILE:FIRST-LINE) or takes whole files', () => {
    const bytes = new TextEncoder().encode('first line\r\nsecond\n\n\nthird, after blanks\nstill third\n--\n');
    const lines = new DocumentCollector('lines');
    lines.add('a.txt', bytes);
    expect(lines.documents.map((d) => d.id)).toEqual(['a.txt:1', 'a.txt:2', 'a.txt:5', 'a.txt:6']);
    expect(lines.skipped.empty).toBe(1); // "--": no words; blank lines only separate
    const paragraphs = new DocumentCollector('paragraphs');
    paragraphs.add('a.txt', bytes);
    expect(paragraphs.documents).toEqual([
      { id: 'a.txt:1', text: 'first line\nsecond' },
      { id: 'a.txt:5', text: 'third, after blanks\nstill third\n--' },
    ]);
    const files = new DocumentCollector('files');
    files.add('a.txt', bytes);
    files.add('b.txt', new Uint8Array());
    expect(files.documents.map((d) => d.id)).toEqual(['a.txt']);
    expect(files.describe()).toBe('1 document; 1 empty skipped');
  });

  it('reads UTF-8, falls back to Windows-1252, and skips what is not text, naming it', () => {
    expect(decodeText(new TextEncoder().encode('\uFEFFcafé'))).toBe('café');
    expect(decodeText(Uint8Array.from([0x63, 0x61, 0x66, 0xe9]))).toBe('café'); // Latin-1
    expect(decodeText(Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0, 1]))).toBeNull();
    const collector = new DocumentCollector('files');
    for (const name of ['a.png', 'b.zip', 'c.pdf', 'd.bin']) collector.add(name, Uint8Array.from([1, 2, 3, 0, 4]));
    expect(collector.describe()).toBe('0 documents; 4 files skipped as not text (a.png, b.zip, c.pdf, …)');
    expect(() => new DocumentCollector('pages' as never)).toThrow(/lines, paragraphs, files/);
  });

  it('a file read in chunks gives the documents the whole file gives, however the chunks fall; not UTF-8 is read again as Windows-1252', async () => {
    const text = `\uFEFFcafé first line\r\nsecond\r\n\n\nthird, après\nstill third\r\n--\n${'filler words here\n'.repeat(700)}last\r`;
    const utf8 = new TextEncoder().encode(text);
    const latin1 = Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0x0a, 0x74, 0x77, 0x6f]); // "café\n\ntwo"
    const binary = Uint8Array.from({ length: 20_000 }, (_, i) => (i === 9000 ? 0 : 65)); // a NUL after the first 8 KiB
    const chunked = (bytes: Uint8Array, size: number) =>
      async function* () {
        for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
      };
    for (const split of ['lines', 'paragraphs', 'files'] as const)
      for (const bytes of [utf8, latin1, binary])
        for (const size of [1, 3, 7, 100, 8192, 1 << 20]) {
          const whole = new DocumentCollector(split);
          whole.add('f.txt', bytes);
          whole.add('g.txt', bytes);
          const streamed = new DocumentCollector(split);
          await streamed.addStream('f.txt', chunked(bytes, size));
          await streamed.addStream('g.txt', chunked(bytes, size));
          expect(streamed.documents, `${split}, chunks of ${size}`).toEqual(whole.documents);
          expect(streamed.skipped).toEqual(whole.skipped);
        }
    const lines = new DocumentCollector('lines');
    await lines.addStream('f.txt', chunked(utf8, 5));
    expect(lines.documents[0]).toEqual({ id: 'f.txt:1', text: 'café first line' });
    expect(lines.documents.at(-1)).toEqual({ id: 'f.txt:708', text: 'last\r' });
    const fallback = new DocumentCollector('paragraphs');
    await fallback.addStream('old.txt', chunked(latin1, 2));
    expect(fallback.documents).toEqual([
      { id: 'old.txt:1', text: 'café' },
      { id: 'old.txt:3', text: 'two' },
    ]);
  });

  it('documents come back from the JSON lines the page writes; a bad line is named', () => {
    const kvIndex = DocumentIndex.build(kv, [
      { id: 'x', text: 'the cat' },
      { id: 'y', text: 'the dog', title: 'Dog' },
    ]);
    const jsonl = [...documentJsonLines(kvIndex, ['the cat', 'the dog'])].join('');
    expect(documentsFromJsonLines(jsonl)).toEqual([
      { id: 'x', title: 'the cat', text: 'the cat' },
      { id: 'y', title: 'Dog', text: 'the dog' },
    ]);
    expect(() => documentsFromJsonLines('{"id":"x"}\n', 'd.jsonl')).toThrow(/Line 1 of d\.jsonl lacks a string "id" or "text"/);
    expect(() => documentsFromJsonLines('\n{oops\n', 'd.jsonl')).toThrow(/Line 2 of d\.jsonl is not JSON/);
    expect(() => documentsFromJsonLines('\n', 'd.jsonl')).toThrow(/has no documents/);
  });
});

describe('PV-DBOW paragraph vectors (inferred through a frozen output layer)', () => {
  // Output vectors of 4 words in 4 dimensions, one axis each.
  const layer = { words: ['cat', 'dog', 'car', 'bus'], counts: [10, 10, 10, 10], syn1neg: Float32Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]), dim: 4 };

  it('moves a document towards predicting its own words, the same for the same key', () => {
    const pv = new ParagraphVectors(layer, { sample: 0, epochs: 30, alpha: 0.1 });
    const cats = pv.inferVector(['cat', 'cat', 'dog', 'zebra'], 7);
    expect(Array.from(cats)).toEqual(Array.from(pv.inferVector(['cat', 'cat', 'dog'], 7))); // unknown words are skipped
    expect(cats[0]).toBeGreaterThan(0);
    expect(cats[0]).toBeGreaterThan(cats[1]!); // cat twice, dog once
    expect(cats[1]).toBeGreaterThan(Math.max(cats[2]!, cats[3]!)); // car and bus only as noise
    const start = startingVector(4, 1, 7);
    expect(Math.max(...start.map(Math.abs))).toBeLessThanOrEqual(0.5 / 4);
    expect(Array.from(pv.inferVector([], 7))).toEqual(Array.from(start));
  });

  it('the twin of one update: d += sum over targets of (label - sigmoid(d.u)) * alpha * u, noise equal to the word skipped', () => {
    const pv = new ParagraphVectors(layer, { sample: 0, epochs: 1, alpha: 0.5, negative: 1 });
    const d = startingVector(4, 1, 3);
    const out = inferRows(pv.setup, Uint32Array.from([0]), 3);
    const moved = Array.from(out, (x, k) => x - d[k]!);
    // The true word (axis 0) moves d along axis 0 by (1 - sigmoid(d0)) * 0.5; a noise word, if not cat, against its axis.
    expect(moved[0]).toBeCloseTo((1 - 1 / (1 + Math.exp(-d[0]!))) * 0.5, 5);
    const noise = moved.slice(1).filter((x) => x !== 0);
    expect(noise.length).toBeLessThanOrEqual(1);
    for (const x of noise) expect(x).toBeLessThan(0);
  });

  it('refuses a model without negative sampling, and bad settings, naming the fix', () => {
    expect(() => new ParagraphVectors({ ...layer, syn1neg: new Float32Array() })).toThrow(/train with `negative` above 0/);
    expect(() => new ParagraphVectors(layer, { epochs: 0 })).toThrow(/epochs must be a whole number, 1 or more/);
    expect(() => DocumentIndex.build(kv, [{ id: 'a', text: 'the cat' }], { method: 'dbow' })).toThrow(/needs the output layer/);
  });
});

describe('PV-DBOW paragraph vectors trained (with the words, optionally)', () => {
  it('on the Lee set, trained on lee_background.cor and the 50 documents: Pearson above gensim PV-DBOW 0.409', async () => {
    const data = new URL('../../shared/data/', import.meta.url);
    const background = readFileSync(new URL('corpora/lee_background.cor', data), 'latin1').split('\n');
    const lee = readFileSync(new URL('docsim/lee.cor', data), 'latin1')
      .split('\n')
      .map((text, i) => ({ id: String(i), text }));
    const ratings = readRatings(readFileSync(new URL('docsim/similarities0-1.txt', data), 'utf8'), 50);
    const { index, trained } = await DocumentIndex.trainParagraphs(lee, { background, training: { seed: 2 } });
    expect(index.method).toBe('dbow');
    expect(trained.vectors.length).toBe((background.filter((l) => l.trim() !== '').length + 50) * 100);
    expect(documentSimilarity((i, j) => index.score(i, j), ratings).pearson).toBeGreaterThan(0.41);
    // A query is inferred through the trained output layer: a document's own text finds it first.
    expect((await index.search(lee[7]!.text, 1))[0]!.id).toBe('7');
  }, 120_000);

  it('trains the documents towards their own words; the words learn only with trainWords; the same seed gives the same vectors', async () => {
    const texts = ['cat dog cat dog cat', 'car bus car bus car', 'cat dog dog cat', 'bus car bus car'];
    const docs = texts.map((t) => t.split(' '));
    const options = { vectorSize: 8, epochs: 30, sample: 0, negative: 2, window: 2, minCount: 1 };
    const alone = await trainParagraphs(docs, options);
    const again = await trainParagraphs(docs, options);
    expect(Array.from(again.vectors)).toEqual(Array.from(alone.vectors));
    const row = (v: Float32Array, d: number): Float32Array => v.subarray(d * 8, (d + 1) * 8);
    const cos = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, k) => s + x * b[k]!, 0) / Math.hypot(...a) / Math.hypot(...b);
    // Documents about the same words end up nearer each other than the others.
    expect(cos(row(alone.vectors, 0), row(alone.vectors, 2))).toBeGreaterThan(cos(row(alone.vectors, 0), row(alone.vectors, 1)) + 0.3);
    const { state } = prepareDbow(dbowCorpus(docs, 1), options);
    expect(Array.from(alone.wv.vectors)).toEqual(Array.from(state.syn0)); // the words kept their starting vectors
    const withWords = await trainParagraphs(docs, { ...options, trainWords: true });
    expect(Array.from(withWords.wv.vectors)).not.toEqual(Array.from(state.syn0));
    expect(withWords.wv.similarity('cat', 'dog')).toBeGreaterThan(withWords.wv.similarity('cat', 'bus'));
  });

  it('trains on two threads (Hogwild, as the word trainer does), telling each epoch; two threads without a way to start them are refused', async () => {
    const topics = [
      ['cat', 'dog', 'mouse', 'bird', 'fur', 'paw'],
      ['car', 'bus', 'truck', 'road', 'wheel', 'fuel'],
    ];
    let state = 7;
    const pick = (words: string[]): string => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return words[state % words.length]!;
    };
    const docs = Array.from({ length: 40 }, (_, d) => Array.from({ length: 60 }, () => pick(topics[d % 2]!)));
    const epochs: number[] = [];
    const options = { vectorSize: 16, epochs: 10, negative: 3, window: 3, minCount: 1, sample: 0, trainWords: true, onEpoch: (done: number) => epochs.push(done) };
    const trained = await trainParagraphs(docs, { ...options, threads: 2, spawnThread: spawnNodeKernelThread });
    expect(epochs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const row = (d: number): Float32Array => trained.vectors.subarray(d * 16, (d + 1) * 16);
    const cos = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, k) => s + x * b[k]!, 0) / Math.hypot(...a) / Math.hypot(...b);
    let same = 0;
    let other = 0;
    for (let d = 2; d < 40; d++) {
      same += cos(row(0), row(d)) * (d % 2 === 0 ? 1 : 0);
      other += cos(row(0), row(d)) * (d % 2 === 1 ? 1 : 0);
    }
    expect(same / 19 - other / 19).toBeGreaterThan(0.3);
    expect(trained.wv.similarity('cat', 'dog')).toBeGreaterThan(trained.wv.similarity('cat', 'bus'));
    await expect(trainParagraphs(docs, { ...options, threads: 2 })).rejects.toThrow(/2 CPU threads need a way to start them/);
  });

  it('starts known words from given vectors, and refuses bad settings naming the fix', async () => {
    const kv = new KeyedVectors(['cat'], Float32Array.from([1, 2, 3, 4]), 4);
    const { state } = prepareDbow(dbowCorpus([['cat', 'dog', 'cat', 'dog']], 1), { vectorSize: 4, startFrom: kv });
    expect(Array.from(state.syn0.subarray(0, 4))).toEqual([1, 2, 3, 4]);
    expect(() => prepareDbow(dbowCorpus([['cat']], 1), { vectorSize: 5, startFrom: kv })).toThrow(/set vectorSize to 4/);
    expect(() => prepareDbow(dbowCorpus([['cat']], 1), { epochs: 0 })).toThrow(/epochs must be a whole number, 1 or more/);
    expect(() => dbowCorpus([['cat']], 2)).toThrow(/No word occurs 2 times or more.*lower minCount/);
  });
});

describe('one tokenizer per model: documents and queries are read as the vectors were trained', () => {
  const TEXT = 'The Cat sat on the mat. The Dog ran to the park. A Cat and a Dog.\n'.repeat(200);

  it('a model trained with the whitespace rule keeps capitals and punctuation in its documents and queries', async () => {
    const model = await train(TEXT, { sg: 1, vectorSize: 8, minCount: 1, epochs: 1, tokenizer: 'whitespace' }, { device: 'cpu' });
    expect(model.wv.tokenizer).toBe('whitespace');
    expect(model.report.options.tokenizer).toBe('whitespace');
    const index = embedDocuments(model, [
      { id: 'cat', text: 'The Cat sat on the mat.' },
      { id: 'dog', text: 'The Dog ran to the park.' },
    ]);
    expect(index.tokenizer).toBe('whitespace');
    expect(index.bagOf(0)!.terms).toContain('Cat');
    expect(index.bagOf(0)!.terms).toContain('mat.');
    expect((await index.search('Cat', 1))[0]!.id).toBe('cat');
    expect(() => embedDocuments(model, ['The Cat'], { tokenizer: 'unicode' })).toThrow(/trained with `tokenizer=whitespace`.*would miss their words/);
    model.destroy();
  });

  it('a Unicode-trained model reads documents lower-cased; vectors from a file are read as their words show', async () => {
    const model = await train(TEXT, { sg: 1, vectorSize: 8, minCount: 1, epochs: 1, tokenizer: 'unicode' }, { device: 'cpu' });
    const index = embedDocuments(model, ['The Cat sat on the mat.', 'The Dog ran.']);
    expect(index.tokenizer).toBe('unicode');
    expect(index.bagOf(0)!.terms).toEqual(expect.arrayContaining(['cat', 'mat']));
    model.destroy();
    const loaded = (words: string[]): KeyedVectors => new KeyedVectors(words, new Float32Array(words.length * 2).fill(0.5), 2);
    expect(embedDocuments(loaded(['the', 'cat', 'mat']), ['the cat']).tokenizer).toBe('unicode');
    expect(embedDocuments(loaded(['the', 'Cat', 'mat']), ['the Cat']).tokenizer).toBe('whitespace');
    expect(embedDocuments(loaded(['the', 'cat', 'mat.']), ['the cat']).tokenizer).toBe('whitespace');
    expect(embedDocuments(loaded(['the', 'Cat']), ['the Cat'], { tokenizer: 'unicode' }).tokenizer).toBe('unicode');
  });
});
