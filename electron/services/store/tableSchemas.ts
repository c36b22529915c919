// Arrow schemas of the library's LanceDB tables (explicit, so nullable columns and the vector width are exact).
import { Field, FixedSizeList, Float32, Float64, Int32, Schema, Utf8 } from 'apache-arrow';

export const SCHEMA_VERSION = 1;

export const collectionsSchema = new Schema([
  new Field('id', new Utf8(), false),
  new Field('name', new Utf8(), false),
  new Field('created_at', new Float64(), false),
]);

export const documentsSchema = new Schema([
  new Field('id', new Utf8(), false),
  new Field('collection_id', new Utf8(), false),
  new Field('name', new Utf8(), false),
  new Field('path', new Utf8(), false),
  new Field('source', new Utf8(), false),
  new Field('format', new Utf8(), false),
  new Field('title', new Utf8(), true),
  new Field('content_hash', new Utf8(), false),
  new Field('size_bytes', new Float64(), false),
  new Field('modified_at', new Float64(), false),
  new Field('page_count', new Int32(), true),
  new Field('chunk_count', new Int32(), false),
  new Field('status', new Utf8(), false),
  new Field('error', new Utf8(), true),
  new Field('embedder', new Utf8(), false),
  new Field('added_at', new Float64(), false),
  new Field('updated_at', new Float64(), false),
  // JSON array of the pages OCR read; added after SCHEMA_VERSION 1 (openLibraryStore adds it to older tables)
  new Field('ocr_pages', new Utf8(), true),
]);

export const documentTextsSchema = new Schema([
  new Field('document_id', new Utf8(), false),
  new Field('text', new Utf8(), false),
]);

export function chunksSchema(dimension: number): Schema {
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('document_id', new Utf8(), false),
    new Field('collection_id', new Utf8(), false),
    new Field('ordinal', new Int32(), false),
    new Field('text', new Utf8(), false),
    new Field('page', new Int32(), true),
    new Field('heading_path', new Utf8(), false),
    new Field('start', new Int32(), false),
    new Field('end', new Int32(), false),
    new Field('token_count', new Int32(), false),
    new Field('vector', new FixedSizeList(dimension, new Field('item', new Float32(), true)), false),
  ]);
}

export interface CollectionRow {
  id: string;
  name: string;
  created_at: number;
}

export interface DocumentRow {
  id: string;
  collection_id: string;
  name: string;
  path: string;
  source: string;
  format: string;
  title: string | null;
  content_hash: string;
  size_bytes: number;
  modified_at: number;
  page_count: number | null;
  chunk_count: number;
  status: string;
  error: string | null;
  embedder: string;
  added_at: number;
  updated_at: number;
  /** JSON array of the pages OCR read, or null. */
  ocr_pages: string | null;
}

export interface ChunkRow {
  id: string;
  document_id: string;
  collection_id: string;
  ordinal: number;
  text: string;
  page: number | null;
  /** JSON array of headings. */
  heading_path: string;
  start: number;
  end: number;
  token_count: number;
  vector: Float32Array | number[];
}

/** SQL string literal for LanceDB filters. */
export const sqlString = (value: string): string => `'${value.replaceAll("'", "''")}'`;
export const sqlIn = (values: readonly string[]): string => `(${values.map(sqlString).join(', ')})`;
