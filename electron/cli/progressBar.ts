// A one-line progress bar on stderr for long CLI work; silent when stderr is not a terminal or output is JSON.

export interface ProgressBar {
  update(done: number, total: number, label?: string): void;
  done(message?: string): void;
}

export function createProgressBar(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const active = enabled && stream.isTTY === true;
  let last = 0;
  return {
    update(done, total, label = '') {
      if (!active) return;
      const now = Date.now();
      if (now - last < 80 && done < total) return; // the terminal need not redraw more than ~12 times a second
      last = now;
      const width = 28;
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(ratio * width);
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${done}/${total} ${label}`.slice(0, (stream.columns ?? 100) - 1).padEnd(Math.min(stream.columns ?? 100, 100) - 1));
    },
    done(message) {
      if (!active) return;
      stream.write(`\r${' '.repeat(Math.min(stream.columns ?? 100, 100) - 1)}\r`);
      if (message) stream.write(`${message}\n`);
    },
  };
}
