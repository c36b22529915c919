// Word documents: mammoth converts to HTML with heading styles mapped, and the HTML walker turns it into blocks; plain Node.
import mammoth from 'mammoth';
import { IngestProblem, type ExtractedDocument } from '../extractedDocument';
import { DocumentBuilder, cleanTitle } from './documentBuilder';
import { parseHtmlDocument } from './html';
import { appendHtmlBlocks } from './htmlBlocks';

const STYLE_MAP = [
  "p[style-name='Title'] => h1.doc-title:fresh",
  "p[style-name='Subtitle'] => p:fresh",
  "p[style-name='caption'] => p:fresh",
  "p[style-name='Caption'] => p:fresh",
];

// An encrypted .docx is not a zip but an OLE2 compound file holding an "EncryptedPackage" stream (UTF-16 name).
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function isOle2(bytes: Uint8Array): boolean {
  return OLE2_MAGIC.every((b, i) => bytes[i] === b);
}

function hasUtf16Name(bytes: Uint8Array, name: string): boolean {
  const needle = Buffer.from(name, 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

export async function parseDocx(bytes: Uint8Array): Promise<ExtractedDocument> {
  if (bytes.length === 0) throw new IngestProblem('empty', 'The file is empty (0 bytes).');
  if (isOle2(bytes)) {
    if (hasUtf16Name(bytes, 'EncryptedPackage')) throw new IngestProblem('encrypted', 'This Word document is password-protected; Loci cannot read encrypted documents.');
    throw new IngestProblem('unsupported-type', 'This is a legacy Word (.doc) file with a .docx name; save it as .docx to import it.');
  }
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { styleMap: STYLE_MAP, externalFileAccess: false, convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) },
    );
    html = result.value;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new IngestProblem('corrupt', `This Word document is damaged or is not a real .docx file (${detail.split('\n')[0]}).`);
  }
  const document = parseHtmlDocument(html);
  const builder = new DocumentBuilder('docx');
  if (document.body) appendHtmlBlocks(document.body, builder);
  if (builder.blockCount === 0) throw new IngestProblem('empty', 'This Word document contains no text.');
  const titleElement = document.querySelector('h1.doc-title');
  return builder.build({ title: cleanTitle(titleElement?.textContent) });
}
