// Arrow schemas of the library's LanceDB tables (explicit, so nullable columns and the vector width are exact).
import { Bool, Field, FixedSizeList, Float32, Float64, Int32, Schema, Utf8 } from 'apache-arrow';

/** 2: `documents.note`, `chunks.has_vector` (added to older libraries when they open). */
export const SCHEMA_VERSION = 2;

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
  /** What the user should know about a ready document (e.g. passages found by keywords only). */
  new Field('note', new Utf8(), true),
  // JSON array of the pages OCR read; added after SCHEMA_VERSION 1 (openLibraryDatabase adds it to older tables)
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
    // nullable only because a column added to an existing table is; every row written sets it
    new Field('has_vector', new Bool(), true),
  ]);
}

/**
 * [Note: keyword-only chunks] A chunk the embedder has no meaning vector for is stored with `has_vector = false` and
 * a placeholder vector (see neutralVector), so full-text search finds it; vector search must leave it out, and this
 * filter is the one place that does.
 */
export function vectorSearchFilter(collectionId: string): string {
  return `collection_id = ${sqlString(collectionId)} AND has_vector = true`;
}

/**
 * The placeholder vector of a keyword-only chunk: a unit vector in a direction derived from the chunk's id. Not zero
 * (cosine distance and index training divide by the norm) and not one shared direction (thousands of identical
 * points would pile up in one spot of the HNSW graph); vectorSearchFilter keeps it out of every result.
 */
export function neutralVector(chunkId: string, dimension: number): Float32Array {
  let state = 0x811c9dc5;
  for (let i = 0; i < chunkId.length; i++) state = Math.imul(state ^ chunkId.charCodeAt(i), 0x01000193) >>> 0;
  const v = new Float32Array(dimension);
  let norm = 0;
  for (let i = 0; i < dimension; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const x = (state / 0xffffffff) * 2 - 1;
    v[i] = x;
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < dimension; i++) v[i] = v[i]! / norm;
  return v;
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
  note: string | null;
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
  /** null: the embedder has no meaning vector for this text; the chunk is found by keywords only. */
  vector: Float32Array | number[] | null;
}

/** A chunk as written: a placeholder where it has no vector, and the flag that says so. */
export interface StoredChunkRow extends Omit<ChunkRow, 'vector'> {
  vector: Float32Array | number[];
  has_vector: boolean;
}

/** SQL string literal for LanceDB filters. */
export const sqlString = (value: string): string => `'${value.replaceAll("'", "''")}'`;
export const sqlIn = (values: readonly string[]): string => `(${values.map(sqlString).join(', ')})`;
