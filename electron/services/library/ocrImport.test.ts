// OCR through a whole import: the setting reaches the ingest worker, page progress reaches the file's progress, and
// the document records which pages OCR read. Real workers (tesseract in its own thread), LanceDB on disk.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContract, FileProgress } from '../../../shared/contract';
import type { RpcClient } from '../../../shared/rpc/client';
import { SHARED_DIR } from '../../testing/sharedAssets';
import { connectTestClient, createTestCore, grantedSources, type TestCore } from '../../testing/testCore';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';

const SCANNED_PDF = path.join(SHARED_DIR, 'fixtures', 'ocr', 'nist-sp800-145-scanned-p5-6.pdf');

let test: TestCore;
let client: RpcClient<AppContract>;
beforeAll(() => {
  test = createTestCore({ settings: { ocrEnabled: true } });
  client = connectTestClient(test.core);
});
afterAll(() => test.cleanup());

describe('an import with OCR on', () => {
  it('reads a scanned PDF page by page, reports each page, and marks its pages as OCR', async () => {
    const seen: FileProgress[] = [];
    const summary = await client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: grantedSources(test.core, [SCANNED_PDF]) }, (item) => seen.push(...item.files)).result;
    expect(summary.files.map((f) => [f.state, f.pages, f.ocr])).toEqual([['done', 2, true]]);
    const parsing = seen.filter((f) => f.state === 'parsing' && f.pagesDone !== undefined && f.pagesDone !== null).map((f) => `${f.pagesDone}/${f.pages}`);
    expect(parsing).toEqual(['1/2', '2/2']);
    const [doc] = (await client.call('library.documents', { collectionId: DEFAULT_COLLECTION_ID })).documents;
    expect(doc).toMatchObject({ format: 'pdf', pageCount: 2, ocrPages: [1, 2] });
    // passages keep the page their text was recognised on
    const audience = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: 'intended audience system planners', k: 1, mode: 'fts' });
    expect(audience.passages[0]?.page).toBe(1);
    const pooling = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: 'resource pooling multi-tenant model', k: 3, mode: 'fts' });
    expect(pooling.passages.map((p) => p.page)).toContain(2);
    const { document } = await client.call('library.documentText', { documentId: doc!.id });
    expect(document.ocrPages).toEqual([1, 2]);
  }, 180_000);
});
