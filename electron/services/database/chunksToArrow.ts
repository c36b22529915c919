// Builds the Arrow table for a batch of chunk rows directly from typed arrays. LanceDB's generic row-object
// conversion costs ~50-100 µs per row on the calling (main) thread; this is about 5 µs, which keeps the main
// thread free for the UI during large imports.
import { makeData, RecordBatch, Struct, Table, vectorFromArray, type Data, type FixedSizeList, type Schema } from 'apache-arrow';
import type { StoredChunkRow } from './tableSchemas';

export function chunksToArrow(rows: readonly StoredChunkRow[], schema: Schema): Table | null {
  const vectorField = schema.fields.find((f) => f.name === 'vector');
  if (!vectorField) return null;
  const type = vectorField.type as FixedSizeList;
  const dimension = type.listSize;
  const flat = new Float32Array(rows.length * dimension);
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i]!.vector;
    if (v.length !== dimension) throw new Error(`vector ${i} has ${v.length} dimensions, the index has ${dimension}`);
    flat.set(v, i * dimension);
  }
  const children: Data[] = [];
  for (const field of schema.fields) {
    if (field.name === 'vector') {
      const values = makeData({ type: type.children[0]!.type, length: flat.length, data: flat });
      children.push(makeData({ type, length: rows.length, nullCount: 0, child: values }));
      continue;
    }
    const vector = vectorFromArray(rows.map((r) => r[field.name as keyof StoredChunkRow]) as never[], field.type);
    // one contiguous chunk per column is what a record batch needs; anything else takes the generic path
    if (vector.data.length !== 1) return null;
    children.push(vector.data[0]!);
  }
  const struct = makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children });
  return new Table(schema, [new RecordBatch(schema, struct)]);
}
