/** Holds training between two batches: `pause()` stops it before the next batch, `resume()` lets it go on. */
export class PauseController {
  private held: Promise<void> | undefined;
  private release = (): void => {};
  private readonly listeners = new Set<(paused: boolean) => void>();

  get paused(): boolean {
    return this.held !== undefined;
  }

  pause(): void {
    this.held ??= new Promise<void>((resolve) => (this.release = resolve));
    for (const listener of this.listeners) listener(true);
  }

  resume(): void {
    this.held = undefined;
    this.release();
    for (const listener of this.listeners) listener(false);
  }

  /** Calls `listener` on each `pause()` and `resume()` (a run in a worker follows them so); returns how to stop. */
  watch(listener: (paused: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves at once when not paused; otherwise on `resume()` or when `signal` aborts. */
  wait(signal?: AbortSignal): Promise<void> {
    if (!this.held || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        signal?.removeEventListener('abort', done);
        resolve();
      };
      signal?.addEventListener('abort', done);
      void this.held!.then(done);
    });
  }
}
