// Copying text to the system clipboard (the async Clipboard API: Electron and a secure page, such as serve mode on
// 127.0.0.1). Renderer.
/** Resolves true once the text is on the clipboard; false when the page may not write it (no API, permission denied). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator === 'undefined' || !navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
