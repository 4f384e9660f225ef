// News sent no faster than a page can use it: a training run's progress comes once a batch.

/** Sends at most every `everyMs`; the last value held back follows when the interval ends (or at `flush`), unless cancelled. */
export function throttled<T>(send: (value: T) => void, everyMs = 200): ((value: T) => void) & { cancel(): void; flush(): void } {
  let last = 0;
  let held: { value: T } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const push = (value: T): void => {
    const wait = last + everyMs - performance.now();
    if (wait <= 0) {
      last = performance.now();
      send(value);
      return;
    }
    held = { value };
    timer ??= setTimeout(() => {
      timer = undefined;
      last = performance.now();
      send(held!.value);
    }, wait);
  };
  const cancel = (): void => {
    clearTimeout(timer);
    timer = undefined;
  };
  /** Sends the value held back now, so that it arrives before whatever is posted next. */
  const flush = (): void => {
    if (timer === undefined) return;
    cancel();
    send(held!.value);
  };
  return Object.assign(push, { cancel, flush });
}
