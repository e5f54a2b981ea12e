import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { lockEmbeddedDatabase } from './embedded-lock.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** The one database type the rest of the code sees, whether PGlite or a PostgreSQL server is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either a database handle or an open transaction: queries accept both. */
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** the server URL, when kind is 'postgres'. */
  url?: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A PostgreSQL server URL. */
  url?: string | undefined;
  /** A PGlite data directory; `memory://` for an in-memory database. */
  dataDir?: string;
  poolSize?: number;
  /** How long to wait for a server connection (default 5 s). */
  connectionTimeoutMs?: number;
  /** How long one query may wait for the server's answer (default 60 s). */
  queryTimeoutMs?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // While the server is away a request must fail fast (503), not wait for a connection forever.
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
      // A query on a server that stopped answering gives up; long enough for a 10,000-item insert.
      query_timeout: options.queryTimeoutMs ?? 60_000,
      // Notices a silently dropped connection (e.g. a server host that vanished) within minutes.
      keepAlive: true,
    });
    // An idle client losing its server must not crash the process; the next query reports the error.
    pool.on('error', () => {});
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { db, kind: 'postgres', url: options.url, close: () => pool.end() };
  }
  const dir = options.dataDir ?? 'memory://';
  let unlock = () => {};
  if (!dir.startsWith('memory://')) {
    mkdirSync(dir, { recursive: true });
    unlock = lockEmbeddedDatabase(dir);
  }
  // pg_trgm backs the queue and item search indexes (docs/decisions/006).
  const client = await PGlite.create(dir, { extensions: { pg_trgm } }).catch((err: unknown) => {
    unlock();
    throw err;
  });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await client.close();
      unlock();
    },
  };
}
