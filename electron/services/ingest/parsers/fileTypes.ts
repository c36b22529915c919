// Which parser a file name calls for, and which known binary types Loci refuses with a specific reason; plain Node.

export type ParserKind = 'pdf' | 'docx' | 'html' | 'markdown' | 'csv' | 'tsv' | 'text' | 'code' | 'epub' | 'pptx' | 'xlsx' | 'image';

const BY_EXTENSION: Record<string, ParserKind> = {
  pdf: 'pdf',
  docx: 'docx',
  epub: 'epub',
  pptx: 'pptx',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  md: 'markdown',
  markdown: 'markdown',
  mdx: 'markdown',
  mkd: 'markdown',
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  txt: 'text',
  text: 'text',
  log: 'text',
  rst: 'text',
  adoc: 'text',
  asciidoc: 'text',
  org: 'text',
  tex: 'text',
  srt: 'text',
  vtt: 'text',
  me: 'text',
  nfo: 'text',
};

const CODE_EXTENSIONS = [
  'js', 'mjs', 'cjs', 'ts', 'mts', 'cts', 'tsx', 'jsx', 'py', 'pyi', 'rs', 'go', 'java', 'c', 'h', 'cc', 'cpp', 'cxx', 'hpp', 'hh',
  'hxx', 'cs', 'fs', 'vb', 'rb', 'php', 'swift', 'kt', 'kts', 'scala', 'sc', 'groovy', 'gradle', 'sh', 'bash', 'zsh', 'fish',
  'ps1', 'psm1', 'bat', 'cmd', 'sql', 'json', 'jsonc', 'json5', 'jsonl', 'ndjson', 'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf',
  'properties', 'env', 'xml', 'xsd', 'xsl', 'svg', 'plist', 'css', 'scss', 'sass', 'less', 'styl', 'vue', 'svelte', 'astro',
  'lua', 'r', 'm', 'mm', 'pl', 'pm', 'ex', 'exs', 'erl', 'hrl', 'hs', 'ml', 'mli', 'clj', 'cljs', 'edn', 'dart', 'jl', 'nim',
  'zig', 'v', 'sv', 'vhd', 'vhdl', 'asm', 's', 'f', 'f90', 'pas', 'proto', 'graphql', 'gql', 'tf', 'hcl', 'nix', 'cmake',
  'mk', 'dockerfile', 'ipynb', 'diff', 'patch', 'lisp', 'el', 'scm', 'rkt', 'elm', 'purs', 'sol', 'prisma', 'bicep', 'csproj',
  'sln', 'lock', 'gitignore', 'editorconfig', 'example', 'sample', 'template',
];
for (const ext of CODE_EXTENSIONS) if (!Object.hasOwn(BY_EXTENSION, ext)) BY_EXTENSION[ext] = 'code';

/** Extension-less or dot-file names that are text. */
const BY_NAME: Record<string, ParserKind> = {
  dockerfile: 'code',
  containerfile: 'code',
  makefile: 'code',
  gnumakefile: 'code',
  cmakelists: 'code',
  rakefile: 'code',
  gemfile: 'code',
  procfile: 'code',
  vagrantfile: 'code',
  jenkinsfile: 'code',
  '.gitignore': 'code',
  '.gitattributes': 'code',
  '.dockerignore': 'code',
  '.editorconfig': 'code',
  '.npmrc': 'code',
  '.bashrc': 'code',
  '.zshrc': 'code',
  '.profile': 'code',
  readme: 'text',
  license: 'text',
  licence: 'text',
  copying: 'text',
  authors: 'text',
  changelog: 'text',
  notice: 'text',
  todo: 'text',
};

/** Known binary formats with a reason the user can act on. */
const UNSUPPORTED: Record<string, string> = {
  doc: 'legacy Word .doc files are not supported; save it as .docx',
  dot: 'legacy Word templates are not supported; save it as .docx',
  rtf: 'RTF documents are not supported yet; save it as .docx or .txt',
  odt: 'OpenDocument text is not supported yet; save it as .docx',
  xls: 'Excel workbooks are not supported; export the sheet as .csv',
  ods: 'spreadsheets are not supported yet; export the sheet as .csv',
  ppt: 'PowerPoint presentations are not supported yet',
  odp: 'presentations are not supported yet',
  pages: 'Apple Pages documents are not supported; export as .docx or .pdf',
  numbers: 'Apple Numbers spreadsheets are not supported; export as .csv',
  key: 'Keynote presentations are not supported',
};

/** A table's own entry for a name, never one inherited from Object (`notes.constructor`, `notes.__proto__`). */
const own = <T>(table: Record<string, T>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

export interface FileNameInfo {
  /** Lower-case extension without the dot ('' when none). */
  extension: string;
  /** Lower-case base name. */
  baseName: string;
}

export function fileNameInfo(fileName: string): FileNameInfo {
  const baseName = (fileName.split(/[\\/]/).pop() ?? fileName).toLowerCase();
  const dot = baseName.lastIndexOf('.');
  const extension = dot > 0 ? baseName.slice(dot + 1) : '';
  return { extension, baseName };
}

/** The parser an extension or well-known name asks for, or null when unknown. */
export function parserForName(info: FileNameInfo): ParserKind | null {
  const byExtension = own(BY_EXTENSION, info.extension);
  if (byExtension) return byExtension;
  const stem = info.baseName.replace(/\.(txt|in|am)$/, '');
  return own(BY_NAME, info.baseName) ?? own(BY_NAME, stem) ?? null;
}

/** A specific refusal for known unsupported formats, or null. */
export function unsupportedReason(info: FileNameInfo): string | null {
  return own(UNSUPPORTED, info.extension) ?? null;
}

export function describeExtension(info: FileNameInfo): string {
  return info.extension ? `.${info.extension}` : 'files without an extension';
}
