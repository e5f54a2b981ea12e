import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { OffsetClock } from '../../src/domain/clock.ts';
import { type Role, type Scope, scopes } from '../../src/domain/roles.ts';
import { type App, buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { createApiKey, createUser, ensureSeller } from '../../src/services/accounts.ts';
import { ensureCalendarsSeeded } from '../../src/services/deadlines.ts';
import { LocalFileStore } from '../../src/services/file-store.ts';

/** A new, empty database on the throwaway PostgreSQL server of the `postgres` project; its URL. */
export async function freshPostgresDatabase(prefix = 't'): Promise<string> {
  const serverUrl = inject('postgresUrl');
  const name = `${prefix}_${Math.random().toString(36).slice(2, 12)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh database (PGlite in memory, or a new database on the throwaway PostgreSQL server when the
 * `postgres` project runs), migrated, with its own files directory. One per test file.
 */
export async function openTestDatabase(): Promise<Database> {
  if (process.env.RIGHTSDESK_TEST_DB === 'postgres') {
    const database = await openDatabase({ url: await freshPostgresDatabase(), poolSize: 5 });
    await migrate(database);
    return database;
  }
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrate(database);
  return database;
}

export interface TestEnv {
  app: App;
  ctx: AppContext;
  clock: OffsetClock;
  close(): Promise<void>;
}

export async function startTestApp(
  env: Record<string, string> = {},
  opts: { calendars?: boolean } = {},
): Promise<TestEnv> {
  const database = await openTestDatabase();
  // The official CN and US calendars, as `npm start` loads them; deadlines read them from the database.
  if (opts.calendars) await ensureCalendarsSeeded(database.db);
  const filesDir = mkdtempSync(join(tmpdir(), 'rightsdesk-files-'));
  const config = {
    ...loadConfig({ RIGHTSDESK_FILES_DIR: filesDir, RIGHTSDESK_DATA_DIR: filesDir, ...env }),
    secureCookies: false,
  };
  const clock = new OffsetClock();
  const ctx: AppContext = { database, config, clock, files: new LocalFileStore(filesDir) };
  // Tests build their own data fast; the rate limits are tested on their own (security.test.ts).
  const app = await buildApp(ctx, { rateLimits: { loginPerMinute: 0, complaintsPerMinute: 0 } });
  return {
    app,
    ctx,
    clock,
    close: async () => {
      await app.close();
      await database.close();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  sellerId: string | null;
  /** `Authorization` header with a full-scope API key. */
  auth: { authorization: string };
}

const allScopes: Scope[] = [...scopes];

let counter = 0;

/** Factory: a user of the role with an API key; a respondent gets its own seller. */
export async function makeUser(
  env: TestEnv,
  role: Role,
  opts: { partyKind?: 'individual' | 'enterprise'; sellerExternalId?: string; scopes?: Scope[] } = {},
): Promise<TestUser> {
  const db = env.ctx.database.db;
  counter += 1;
  const tag = `${role}${counter}${Math.random().toString(36).slice(2, 6)}`;
  const seller =
    role === 'respondent' ? await ensureSeller(db, opts.sellerExternalId ?? `S-${tag}`, `Shop ${tag}`) : undefined;
  const user = await createUser(db, {
    email: `${tag}@example.test`,
    name: `User ${tag}`,
    role,
    password: 'correct horse battery staple',
    partyKind: opts.partyKind ?? (role === 'complainant' ? 'enterprise' : undefined),
    sellerId: seller?.id,
  });
  const { key } = await createApiKey(db, user.id, 'test', opts.scopes ?? allScopes);
  return {
    id: user.id,
    email: user.email,
    role,
    sellerId: seller?.id ?? null,
    auth: { authorization: `Bearer ${key}` },
  };
}

export const PASSWORD = 'correct horse battery staple';
