// Scrubs absolute file-system paths out of a message meant for the user (the full text goes to the log instead).
// Environment-neutral: runs in main, the serve host and tests.

/** A POSIX path of two or more segments that is not part of a URL (`http://host/a/b` keeps its path). */
const POSIX_PATH = /(?<![\w:/.~-])\/(?:[^\s/'"`<>|:]+\/)+[^\s/'"`<>|:]*/g;
/** A Windows drive path (`C:\Users\…`, `C:/Users/…`) or a UNC share (`\\server\share\…`). */
const WINDOWS_PATH = /(?<![\w])(?:[A-Za-z]:[\\/]|\\\\)[^\s'"`<>|]*/g;

const MAX_LENGTH = 500;

/** Replaces absolute paths with `…` and caps the length, so a technical message can be shown without leaking the machine's layout. */
export function redactPaths(message: string): string {
  const scrubbed = message.replace(WINDOWS_PATH, '…').replace(POSIX_PATH, '…');
  return scrubbed.length > MAX_LENGTH ? `${scrubbed.slice(0, MAX_LENGTH - 1)}…` : scrubbed;
}
