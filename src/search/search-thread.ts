import type { KernelThread } from '../runtime/kernel-thread';
import { SimdScorer, type ScorerShare } from './simd-scorer';
import { scoreTopK } from './top-k';

/** A search a thread is sent: a range of a similarity index's rows to find each query's k best in. */
export interface SearchMessage {
  type: 'topk';
  share: ScorerShare;
  slot: number;
  queries: Float32Array;
  k: number;
  rowStart: number;
  rowEnd: number;
}

export type SearchReply = { ids: Uint32Array; scores: Float32Array } | { error: string };

/** A thread that answers searches (it may serve other work too). */
export type SearchThread = KernelThread<SearchMessage, SearchReply>;

/** A thread's answer to each search: its rows' k best, scored on the index's shared memory (attached once). */
export function searchServer(): (message: SearchMessage) => SearchReply {
  let scorer: SimdScorer | undefined;
  return (message) => {
    if (scorer?.share.id !== message.share.id) scorer = SimdScorer.attach(message.share);
    const { ids, scores } = scoreTopK(scorer, message.slot, message.queries, message.k, message.rowStart, message.rowEnd);
    return { ids, scores };
  };
}
