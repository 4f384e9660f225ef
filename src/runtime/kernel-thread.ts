/**
 * A thread that runs CPU kernels on memory shared with the caller: a Node `worker_threads` Worker or
 * a Web Worker (in a cross-origin-isolated page), seen the same way. What it is sent and what it
 * answers belong to the features it serves.
 */
export interface KernelThread<Message = unknown, Reply = unknown> {
  post(message: Message): void;
  /** Sets the handler of the thread's replies, in place of the one before. */
  onMessage(handler: (reply: Reply) => void): void;
  /** Sets what is called once when the thread fails (a crash, not a kernel error), in place of the one before. */
  onFailure(handler: (error: Error) => void): void;
  terminate(): void;
}
