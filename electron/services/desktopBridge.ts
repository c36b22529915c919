// What only the desktop shell can do (native dialogs, the file manager). Serve mode and the CLI pass none.
import type { PickKind } from '../../shared/contract/library';

export interface DesktopBridge {
  /** Shows a file or folder in the OS file manager. */
  revealPath(path: string): void;
  /** Opens a file in the OS's default app for it; resolves with an error message, or '' on success. */
  openPath(path: string): Promise<string>;
  /** Opens a native picker; resolves with the chosen absolute paths (empty when cancelled). */
  pickPaths(kind: PickKind): Promise<string[]>;
  /** Opens a native picker for one GGUF model file; resolves with its absolute path, or null when cancelled. */
  pickModelFile(): Promise<string | null>;
}
