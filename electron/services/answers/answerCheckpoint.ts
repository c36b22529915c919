// Writes a growing answer to disk about once a second (and at once when asked), so a crash mid-answer keeps what
// had streamed. Shared by chat and comparisons; the caller says how to save.
export interface AnswerCheckpoint {
  /** Something changed: save within the interval. */
  touch(): void;
  /** Save now (a phase change, the end). */
  flush(): void;
  /** No more saves (the final write is the caller's). */
  close(): void;
}

export function createAnswerCheckpoint(save: () => void, intervalMs = 1000): AnswerCheckpoint {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const run = (): void => {
    timer = null;
    if (!closed) save();
  };
  return {
    touch() {
      if (!closed && timer === null) timer = setTimeout(run, intervalMs);
    },
    flush() {
      if (timer) clearTimeout(timer);
      run();
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
