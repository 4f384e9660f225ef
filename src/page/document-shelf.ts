// The page's documents, in the worker: collected from files or pasted text, embedded with the
// vectors the page holds, searched, mapped, exported and kept in IndexedDB.
import {
  DocumentCollector,
  DocumentIndex,
  documentSimilarity,
  readRatings,
  KeyedVectors,
  Word2VecError,
  documentJsonLines,
  documentKey,
  documentsFromJsonLines,
  principalAxes,
  project,
  snippet,
  word2vecChunks,
  byteChunksOf,
  type DocumentHit,
  type DocumentInput,
  type DocumentMethod,
  type OutputLayer,
  type SplitMode,
  type ThreadLender,
  type DbowThreads,
} from '../internal';
import { deleteDocuments, loadDocuments, saveDocuments } from './model-store';
import type { DocumentFound, DocumentsMap, DocumentsSummary, NamedFile } from './protocol';

/** Each query word's nearest words marked in the snippets too. */
const MARKED_NEIGHBOURS = 3;
/** A "more like this" search marks the source document's words of most weight. */
const MARKED_KEY_WORDS = 8;

export class DocumentShelf {
  /** `cpu` tells where PV-DBOW trains on the CPU: the worker's threads. */
  constructor(private readonly cpu: () => DbowThreads) {}

  private documents: DocumentInput[] = [];
  private skipped = '';
  private index: DocumentIndex | undefined;
  private method: DocumentMethod = 'hybrid';
  private seconds = 0;

  /** What the shelf holds, for the page. */
  summary(): DocumentsSummary {
    return {
      documents: this.documents.length,
      skipped: this.skipped,
      indexed: this.index !== undefined,
      method: this.index?.method ?? this.method,
      bagShare: this.index?.bagShare ?? 0,
      seconds: this.seconds,
    };
  }

  /** Replaces the documents with those of the files (or pasted text), split as asked; the index is dropped until `embed`. */
  async collect(files: readonly NamedFile[], text: string | undefined, split: SplitMode): Promise<DocumentsSummary> {
    const collector = new DocumentCollector(split);
    for (const { name, file } of files) await collector.addStream(name, () => byteChunksOf(file.stream()));
    if (text !== undefined) collector.addText('pasted', text);
    if (collector.documents.length === 0) throw new Word2VecError('EMPTY_INPUT', `No documents with words: ${collector.describe()}. Choose text files, or paste text.`);
    this.replace(collector.documents, collector.describe());
    return this.summary();
  }

  /** Replaces the documents with those of a JSON Lines file downloaded from this page. */
  async importFile(file: File): Promise<DocumentsSummary> {
    this.replace(documentsFromJsonLines(await file.text(), `"${file.name}"`), `imported from ${file.name}`);
    return this.summary();
  }

  private replace(documents: DocumentInput[], skipped: string): void {
    const ids = new Set<string>();
    for (const d of documents) {
      if (ids.has(d.id)) throw new Word2VecError('BAD_OPTION', `Two documents have the id "${d.id}"; give each document its own id (file name, or file:line).`);
      ids.add(d.id);
    }
    this.documents = documents;
    this.skipped = skipped;
    this.index?.destroy();
    this.index = undefined;
  }

  /** The documents' text as one training text: each document its own lines. */
  corpusText(): string {
    if (this.documents.length === 0) throw new Word2VecError('EMPTY_INPUT', 'No documents yet: choose files or paste text under "Your documents" first.');
    return this.documents.map((d) => d.text).join('\n');
  }

  /** Embeds the documents with these vectors (and what a model trained here adds) and keeps them (and the method) in IndexedDB. */
  async embed(kv: KeyedVectors, method: DocumentMethod, layer?: OutputLayer, onStage?: (message: string, step?: { done: number; of: number }) => void): Promise<DocumentsSummary> {
    if (this.documents.length === 0) throw new Word2VecError('EMPTY_INPUT', 'No documents yet: choose files or paste text under "Your documents" first.');
    const start = performance.now();
    this.index?.destroy();
    this.index = await this.indexWith(kv, method, layer, onStage);
    // On a GPU, the cosines go to its index; on the CPU this thread ranks 10,000 documents in 10-20 ms
    // (bench/documents-page-bench.ts), so the CPU path's index is not worth its copy of the vectors.
    if (kv.queryDevice === 'gpu') this.index.useRanker(await kv.indexOver(this.index.vectors));
    this.method = method;
    this.seconds = (performance.now() - start) / 1000;
    await saveDocuments({ documents: this.documents, method, skipped: this.skipped });
    return this.summary();
  }

  /**
   * The documents' index. PV-DBOW infers through a model's output layer where there is one (a
   * model trained here with negative sampling); without (vectors loaded or restored, hierarchical
   * softmax) it is trained on the documents, on the worker's CPU threads, saying how far it is through `onStage`.
   */
  private async indexWith(
    kv: KeyedVectors,
    method: DocumentMethod,
    layer?: OutputLayer,
    onStage?: (message: string, step?: { done: number; of: number }) => void,
  ): Promise<DocumentIndex> {
    if (method === 'dbow' && !(layer && layer.syn1neg.length > 0)) {
      const onEpoch = (done: number, epochs: number): void => onStage?.(`Training PV-DBOW on the documents: epoch ${done} of ${epochs}…`, { done, of: epochs });
      return (await DocumentIndex.trainParagraphs(this.documents, { training: { vectorSize: kv.vectorSize, onEpoch, ...this.cpu() } })).index;
    }
    return DocumentIndex.build(kv, this.documents, { method, ...(layer ? { outputLayer: layer } : {}) });
  }

  /**
   * Restores the kept documents and embeds them with these vectors; null when none are kept. When
   * they cannot be embedded (a collection without a word twice, for PV-DBOW), they come back
   * unembedded, with the reason.
   */
  async restore(kv: KeyedVectors | undefined, layer?: OutputLayer, onStage?: (message: string, step?: { done: number; of: number }) => void): Promise<DocumentsSummary | null> {
    const kept = await loadDocuments();
    if (!kept) return null;
    this.replace(kept.documents, kept.skipped);
    this.method = kept.method;
    if (!kv) return this.summary();
    try {
      return await this.embed(kv, kept.method, layer, onStage);
    } catch (error) {
      if (!(error instanceof Word2VecError)) throw error;
      return { ...this.summary(), note: error.message };
    }
  }

  /** Pearson and Spearman of the documents' scores against human ratings of every pair (an n x n matrix, upper triangle: the Lee set's). */
  async evaluate(file: File): Promise<{ pearson: number; spearman: number; pairs: number; method: DocumentMethod }> {
    const index = this.requireIndex();
    const ratings = readRatings(await file.text(), index.size);
    return { ...documentSimilarity((i, j) => index.score(i, j), ratings), method: index.method };
  }

  async clear(): Promise<DocumentsSummary> {
    await deleteDocuments();
    this.replace([], '');
    return this.summary();
  }

  private requireIndex(): DocumentIndex {
    if (!this.index) throw new Word2VecError('BAD_OPTION', 'The documents are not embedded yet: press Embed (it needs vectors: train a model or load one).');
    return this.index;
  }

  /** The documents nearest a free text, with snippets marking its words and their nearest words. */
  async search(kv: KeyedVectors, text: string, topn: number): Promise<{ results: DocumentFound[]; marked: string[]; seconds: number }> {
    const index = this.requireIndex();
    if (text.trim() === '') throw new Word2VecError('BAD_OPTION', 'Type some words to search for first.');
    const start = performance.now();
    const hits = await index.search(text, topn);
    const seconds = (performance.now() - start) / 1000;
    const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
    const marked = new Set(words);
    for (const word of words.filter((w) => kv.has(w)).slice(0, 8))
      for (const n of await kv.mostSimilar({ positive: [word], topn: MARKED_NEIGHBOURS })) marked.add(n.word.toLowerCase());
    return { results: this.found(hits, marked), marked: [...marked], seconds };
  }

  /** The documents most like one ("more like this"), marking its words of most weight. */
  async similar(id: string, topn: number): Promise<{ results: DocumentFound[]; marked: string[]; seconds: number }> {
    const index = this.requireIndex();
    const start = performance.now();
    const hits = await index.similar(id, topn);
    const seconds = (performance.now() - start) / 1000;
    const marked = new Set(index.keyWords(index.rowOfId(id), MARKED_KEY_WORDS));
    return { results: this.found(hits, marked), marked: [...marked], seconds };
  }

  private found(hits: readonly DocumentHit[], marked: ReadonlySet<string>): DocumentFound[] {
    return hits.map((h) => ({ id: h.id, title: h.title, score: h.score, snippet: snippet(this.documents[h.index]!.text, marked) }));
  }

  /** A document's whole text. */
  open(id: string): { id: string; title: string; text: string } {
    const index = this.requireIndex();
    const row = index.rowOfId(id);
    return { id, title: index.titles[row]!, text: this.documents[row]!.text };
  }

  /** The documents on their vectors' first two principal components, coloured by k-means clusters when `classes` > 0. */
  async map(classes: number, threads: ThreadLender): Promise<DocumentsMap> {
    const index = this.requireIndex();
    const { vectors, dim, size } = index;
    if (size < 2) throw new Word2VecError('BAD_OPTION', 'A map needs at least 2 documents.');
    const xy = project(principalAxes(vectors, size, dim), vectors, dim);
    const titles = [...index.titles];
    if (classes <= 0) return { ids: [...index.ids], titles, xy };
    const shown = new KeyedVectors(
      index.ids.map((_, row) => String(row)),
      vectors,
      dim,
    );
    shown.useCpuThreads(threads);
    return { ids: [...index.ids], titles, xy, classes: await shown.cluster(Math.min(classes, size)) };
  }

  /** The document vectors as JSON Lines with their texts (the page can import them back), or the word2vec text layout keyed by id. */
  export(format: 'jsonl' | 'word2vec'): Blob {
    const index = this.requireIndex();
    if (format === 'jsonl')
      return new Blob(
        [
          ...documentJsonLines(
            index,
            this.documents.map((d) => d.text),
          ),
        ],
        { type: 'application/x-ndjson' },
      );
    return new Blob([...word2vecChunks(new KeyedVectors(index.ids.map(documentKey), index.vectors, index.dim))] as BlobPart[], { type: 'text/plain' });
  }
}
