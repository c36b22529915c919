// Tests only (plain Node): what the parser tests read from a parsed document, and the problem a bad file fails with.
import { IngestProblem, type ExtractedDocument } from '../../extractedDocument';
import { parseDocument } from '../parseDocument';

/** The text of each block (of one kind, if given), in order. */
export const blockTexts = (d: ExtractedDocument, kind?: string): string[] => d.blocks.filter((b) => !kind || b.kind === kind).map((b) => d.text.slice(b.start, b.end));

/** The IngestProblem that parsing `bytes` as `name` fails with; a test failure if it parses. */
export async function problemOf(bytes: Uint8Array, name: string): Promise<IngestProblem> {
  try {
    await parseDocument(bytes, name);
  } catch (error) {
    if (error instanceof IngestProblem) return error;
    throw error;
  }
  throw new Error(`${name} parsed without a problem`);
}
