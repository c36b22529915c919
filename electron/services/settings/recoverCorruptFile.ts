// Opening a JSON store whose file is corrupt: move the file aside (kept for the user) and start fresh.
import fs from 'node:fs';

export function openRecoveringCorruptFile<T>(filePath: string, open: () => T, onRecovered?: (backupPath: string) => void): T {
  try {
    return open();
  } catch (error) {
    if (!(error instanceof SyntaxError) || !fs.existsSync(filePath)) throw error;
    const backup = `${filePath}.corrupt-${Date.now()}`;
    fs.renameSync(filePath, backup);
    onRecovered?.(backup);
    return open();
  }
}
