// Excel workbooks (.xlsx): each sheet under a level-1 heading, then every row as `header: value; …` like the CSV
// parser, read with exceljs's streaming reader (rows arrive one at a time); plain Node (parse worker).
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { IngestProblem, type ExtractedDocument } from '../extractedDocument';
import { DocumentBuilder, collapseWhitespace, stripControlChars } from './documentBuilder';

// [Note: xlsx memory] exceljs's WorkbookReader streams each worksheet's XML through a SAX parser and hands over one row
// at a time, so only the shared strings, the styles and the text built so far stay in memory, never the cell model of
// the whole workbook. (When a file stores its shared strings after the sheets, exceljs parks those sheets in a temporary
// file until the strings arrive.)

export async function parseXlsx(bytes: Uint8Array): Promise<ExtractedDocument> {
  const builder = new DocumentBuilder('xlsx');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      sheets++;
      const name = collapseWhitespace(stripControlChars((sheet as unknown as { name?: string }).name ?? '')) || `Sheet ${sheets}`;
      let header: string[] | null = null;
      let rows = 0;
      const headingAt = builder.blockCount;
      builder.add('heading', name, { level: 1 });
      for await (const row of sheet) {
        const cells = rowCells((row).values);
        if (cells.every((c) => c === '')) continue;
        if (header === null) {
          header = cells.map((c, i) => c || `column ${i + 1}`);
          continue;
        }
        const names = header;
        const pairs = cells.flatMap((value, i) => (value === '' ? [] : [`${names[i] ?? `column ${i + 1}`}: ${value}`]));
        if (builder.add('row', pairs.join('; '), { tight: rows > 0 })) rows++;
      }
      // a sheet with only a header row still says what it holds
      if (header !== null && rows === 0) builder.add('row', header.join('; '));
      if (header === null && builder.blockCount === headingAt + 1) builder.add('paragraph', '(empty sheet)');
    }
  } catch (error) {
    if (error instanceof IngestProblem) throw error;
    throw new IngestProblem('corrupt', `This workbook is damaged or is not a real .xlsx file (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`);
  }
  if (sheets === 0) throw new IngestProblem('empty', 'This workbook has no sheets.');
  return builder.build({ title: null });
}

/** exceljs's 1-based `row.values` as display strings, column A first. */
function rowCells(values: ExcelJS.Row['values']): string[] {
  const list = Array.isArray(values) ? values.slice(1) : Object.values(values);
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) out.push(cellText(list[i]));
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return formatDate(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return collapseWhitespace(stripControlChars(value));
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown; formula?: unknown; sharedFormula?: unknown };
    if (Array.isArray(v.richText)) return collapseWhitespace(stripControlChars(v.richText.map((r) => r.text).join('')));
    if ('result' in v || v.formula !== undefined || v.sharedFormula !== undefined) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error !== undefined) return String(v.error);
  }
  return '';
}

function formatDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}
