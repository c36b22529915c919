// Tests only (plain Node): real LanceDB libraries in temporary folders, closed and removed after each test, and the
// unit vectors the database tests fill them with.
import fs from 'node:fs';
import { afterEach } from 'vitest';
import { makeTempDir } from '../../../testing/testCore';
import { createLogger } from '../../logging/logger';
import { openLibraryDatabase, type ChunkCandidate, type ChunkHit, type LibraryDatabase } from '../libraryDatabase';

/** The test embedder's vector size. */
export const DIM = 8;
export const TEST_EMBEDDER_ID = 'test/embedder';
export const silentLogger = createLogger({ consoleLevel: 'silent' });

/** A unit vector of DIM numbers, the same for the same seed. */
export const unit = (seed: number): Float32Array => {
  const v = Float32Array.from({ length: DIM }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233));
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

/** A search's candidates with their passages read, as the retriever would read them; ones whose row is gone are left out. */
async function withRows(database: LibraryDatabase, candidates: ChunkCandidate[]): Promise<ChunkHit[]> {
  const rows = await database.readChunks(candidates);
  return candidates.flatMap((c) => (rows.has(c.id) ? [{ row: rows.get(c.id)!, score: c.score }] : []));
}

export const vectorSearch = async (database: LibraryDatabase, collectionId: string, vector: Float32Array, k: number): Promise<ChunkHit[]> =>
  withRows(database, await database.vectorCandidates(collectionId, vector, k));

export const textSearch = async (database: LibraryDatabase, collectionId: string, query: string, k: number): Promise<ChunkHit[]> =>
  withRows(database, await database.textCandidates(collectionId, query, k));

export interface TestDatabases {
  /** Opens the library in `dir` (default: a new temporary folder, removed after the test) with the test embedder. */
  open(dir?: string, annThreshold?: number): Promise<{ database: LibraryDatabase; dir: string }>;
  /** A new temporary folder, removed after the test. */
  tempDir(prefix?: string): string;
  /** Closes `database` after the test (one the test opened itself). */
  track(database: LibraryDatabase): LibraryDatabase;
  /** Stops tracking a database the test closed itself. */
  forget(database: LibraryDatabase): void;
}

/** Call once at the top of a test file: registers the afterEach that closes the databases and removes the folders. */
export function useTestDatabases(): TestDatabases {
  const dirs: string[] = [];
  const databases: LibraryDatabase[] = [];
  afterEach(async () => {
    await Promise.all(databases.splice(0).map((s) => s.close().catch(() => undefined)));
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const tempDir = (prefix = 'loci-database-'): string => {
    const dir = makeTempDir(prefix);
    dirs.push(dir);
    return dir;
  };
  const track = (database: LibraryDatabase): LibraryDatabase => {
    databases.push(database);
    return database;
  };
  return {
    tempDir,
    track,
    forget: (database) => {
      const at = databases.indexOf(database);
      if (at >= 0) databases.splice(at, 1);
    },
    open: async (dir = tempDir(), annThreshold = 1_000_000) => {
      const database = track(await openLibraryDatabase({ dir, logger: silentLogger, annThreshold, maintenanceDelayMs: 50 }));
      await database.useEmbedder(TEST_EMBEDDER_ID, DIM);
      return { database, dir };
    },
  };
}
