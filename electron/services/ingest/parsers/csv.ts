// CSV/TSV: every row becomes one self-contained line `header: value; header: value`, a `row` block each; plain Node.
import Papa from 'papaparse';
import { IngestProblem, type ExtractedDocument } from '../extractedDocument';
import { DocumentBuilder, collapseWhitespace } from './documentBuilder';

export function parseCsv(text: string, delimiter: ',' | '\t' | null): ExtractedDocument {
  const result = Papa.parse<string[]>(text, { delimiter: delimiter ?? '', skipEmptyLines: 'greedy' });
  const rows = result.data.filter((row) => Array.isArray(row) && row.some((cell) => cell.trim() !== ''));
  const [header, ...body] = rows;
  if (!header) throw new IngestProblem('empty', 'This table has no rows.');

  const names = header.map((cell, i) => collapseWhitespace(cell) || `column ${i + 1}`);
  const builder = new DocumentBuilder('csv');
  if (body.length === 0) {
    builder.add('row', names.join('; '));
  }
  for (const row of body) {
    const pairs: string[] = [];
    row.forEach((cell, i) => {
      const value = collapseWhitespace(cell);
      // empty cells add nothing a reader could use; leaving them out keeps rows within the token budget
      if (value !== '') pairs.push(`${names[i] ?? `column ${i + 1}`}: ${value}`);
    });
    builder.add('row', pairs.join('; '), { tight: true });
  }
  if (builder.blockCount === 0) throw new IngestProblem('empty', 'This table has only empty cells.');
  return builder.build({ title: null });
}
