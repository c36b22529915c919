// Which entries a folder import skips, shared by main's folder walk and the browser's walk of dropped folders.

export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['.git', 'node_modules', '.svn', '.hg', '__pycache__', '.venv', '.idea', '.vscode']);

/** Hidden files and folders (dot-names) and tool folders are never imported from a folder. */
export const isHiddenOrIgnored = (name: string): boolean => name.startsWith('.') || SKIPPED_DIRECTORIES.has(name);
