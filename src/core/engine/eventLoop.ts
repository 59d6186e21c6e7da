// Long synchronous work (reading a repository into the index) hands the event loop a turn now
// and then: the extension host stays responsive, and child processes' output (git) is taken.

/** Resolves after the event loop has run once (pending I/O callbacks included). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
