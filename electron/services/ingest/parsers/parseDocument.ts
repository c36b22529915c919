// Entry point of the parsers: picks a parser by extension (content wins where the two disagree) and checks the result; plain Node.
import { IngestProblem, type ExtractedDocument } from '../extractedDocument';
import { parseCsv } from './csv';
import { parseEpub } from './epub';
import { BINARY_MESSAGE, decodeText, type DecodedText } from './decodeText';
import { isOle2, parseDocx } from './docx';
import { describeExtension, fileNameInfo, parserForName, unsupportedReason, type FileNameInfo, type ParserKind } from './fileTypes';
import { declaredHtmlCharset, parseHtml } from './html';
import { parseMarkdown } from './markdown';
import { parseImage } from './ocr/ocrImage';
import type { ParseOptions } from './parseOptions';
import { parsePdf } from './pdf';
import { parsePlainText } from './plainText';
import { parsePptx } from './pptx';
import { parseXlsx } from './xlsx';

export { BINARY_MESSAGE } from './decodeText';
export { PDF_ENCRYPTED_MESSAGE, PDF_NO_TEXT_MESSAGE, PDF_OCR_NO_TEXT_MESSAGE } from './pdf';
export type { ParseOptions, ParseProgress } from './parseOptions';

/**
 * Extracts the text and structure of one file. Throws IngestProblem with a user-facing message when the file cannot
 * be indexed (unsupported, binary, empty, encrypted, corrupt, no text).
 */
export async function parseDocument(bytes: Uint8Array, fileName: string, options: ParseOptions = {}): Promise<ExtractedDocument> {
  const info = fileNameInfo(fileName);
  if (bytes.length === 0) throw new IngestProblem('empty', 'The file is empty (0 bytes).');

  const sniffed = sniffContainer(bytes);
  let kind = parserForName(info);
  if (sniffed === 'pdf' || sniffed === 'docx' || sniffed === 'epub' || sniffed === 'pptx' || sniffed === 'xlsx') {
    kind = sniffed;
  } else if (kind === 'image' && (sniffed === 'PNG image' || sniffed === 'JPEG image')) {
    // an image is a document only through OCR
  } else if (sniffed !== null && !(kind !== null && ZIP_KINDS.has(kind))) {
    // a known binary format under a text or unknown name (a renamed image, archive, executable, …)
    if (kind !== null) throw new IngestProblem('binary', `${BINARY_MESSAGE} (it is ${sniffed} data)`);
    throw new IngestProblem('unsupported-type', unsupportedReason(info) ?? `Loci cannot read ${describeExtension(info)}: it is ${sniffed} data, not a document.`);
  }
  if (kind === null) {
    const reason = unsupportedReason(info);
    if (reason) throw new IngestProblem('unsupported-type', reason);
  }

  const doc = await parseAs(kind, bytes, info, options);
  if (doc.blocks.length === 0 || doc.text.trim() === '') throw new IngestProblem('empty', 'The file contains no text.');
  return doc;
}

async function parseAs(kind: ParserKind | null, bytes: Uint8Array, info: FileNameInfo, options: ParseOptions): Promise<ExtractedDocument> {
  switch (kind) {
    case 'pdf':
      return parsePdf(bytes, options);
    case 'docx':
      return parseDocx(bytes);
    case 'epub':
      return parseEpub(bytes);
    case 'pptx':
      return parsePptx(bytes);
    case 'xlsx':
      return parseXlsx(bytes);
    case 'image':
      return parseImage(bytes, options);
    case 'html': {
      const { text } = decodeAsText(bytes, declaredHtmlCharset(bytes));
      return parseHtml(text);
    }
    case 'markdown':
      return parseMarkdown(decodeAsText(bytes).text);
    case 'csv':
    case 'tsv':
      return parseCsv(decodeAsText(bytes).text, kind === 'tsv' ? '\t' : null);
    case 'text':
    case 'code':
      return parsePlainText(decodeAsText(bytes).text, kind);
    case null: {
      // unknown extension: read it as text when it decodes cleanly as text
      let decoded: DecodedText;
      try {
        decoded = decodeText(bytes);
      } catch (error) {
        if (error instanceof IngestProblem && error.code === 'binary') {
          throw new IngestProblem('unsupported-type', `Loci cannot read ${describeExtension(info)}: the file is binary and its type is not supported.`);
        }
        throw error;
      }
      if (/^\s*(<!doctype html|<html[\s>])/i.test(decoded.text.slice(0, 1024))) return parseHtml(decoded.text);
      return parsePlainText(decoded.text, 'text');
    }
  }
}

function decodeAsText(bytes: Uint8Array, declaredCharset: string | null = null): DecodedText {
  const decoded = decodeText(bytes, { declaredCharset });
  if (decoded.text.trim() === '') throw new IngestProblem('empty', 'The file contains only whitespace.');
  return decoded;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** Kinds that are ZIP containers: a name with one of these extensions gets its parser's own message when the zip is not one. */
const ZIP_KINDS: ReadonlySet<ParserKind> = new Set(['docx', 'epub', 'pptx', 'xlsx']);

/** Recognises container formats from their first bytes: PDF and the ZIP-based documents by content, other binaries by signature. */
function sniffContainer(bytes: Uint8Array): string | null {
  const startsWith = (magic: readonly number[], at = 0): boolean => magic.every((b, i) => bytes[at + i] === b);
  // (PDF readers also accept a header after some junk; only a .pdf name gets that benefit of the doubt, through pdf.js)
  if (startsWith([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(ZIP_MAGIC)) {
    const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // entry names sit uncompressed in the local headers and the central directory
    if (all.includes('word/document.xml')) return 'docx';
    if (all.includes('ppt/presentation.xml')) return 'pptx';
    if (all.includes('xl/workbook.xml')) return 'xlsx';
    if (all.includes('META-INF/container.xml') && all.includes('application/epub+zip')) return 'epub';
    return 'ZIP archive';
  }
  if (isOle2(bytes)) return 'Microsoft Office (legacy or encrypted)';
  const signatures: [string, readonly number[], number?][] = [
    ['PNG image', [0x89, 0x50, 0x4e, 0x47]],
    ['JPEG image', [0xff, 0xd8, 0xff]],
    ['GIF image', [0x47, 0x49, 0x46, 0x38]],
    ['gzip archive', [0x1f, 0x8b]],
    ['7-Zip archive', [0x37, 0x7a, 0xbc, 0xaf]],
    ['RAR archive', [0x52, 0x61, 0x72, 0x21]],
    ['ELF executable', [0x7f, 0x45, 0x4c, 0x46]],
    ['Windows executable', [0x4d, 0x5a, 0x90, 0x00]],
    ['Mach-O executable', [0xcf, 0xfa, 0xed, 0xfe]],
    ['WebAssembly', [0x00, 0x61, 0x73, 0x6d]],
    ['SQLite database', [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66]],
    ['RIFF media', [0x52, 0x49, 0x46, 0x46]],
    ['MP4/QuickTime media', [0x66, 0x74, 0x79, 0x70], 4],
    ['Java class', [0xca, 0xfe, 0xba, 0xbe]],
  ];
  for (const [label, magic, at] of signatures) if (startsWith(magic, at)) return label;
  return null;
}
