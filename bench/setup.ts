import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { type Database, openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { OffsetClock } from '../src/domain/clock.ts';
import { type Role, type Scope, scopes } from '../src/domain/roles.ts';
import { type App, buildApp } from '../src/server/app.ts';
import type { AppContext } from '../src/server/context.ts';
import { createApiKey, createUser, ensureSeller } from '../src/services/accounts.ts';
import { ensureCalendarsSeeded } from '../src/services/deadlines.ts';
import { LocalFileStore } from '../src/services/file-store.ts';
import { findPostgresBin, startPostgres, type ThrowawayServer } from '../test/support/postgres-server.ts';

/** Rate limits (src/server/security.ts; 0 turns one off): the benchmarks measure the desk, not the limiter. */
export const unlimitedEnv: Record<string, string> = {
  RIGHTSDESK_RATE_LIMIT_LOGIN: '0',
  RIGHTSDESK_RATE_LIMIT_COMPLAINTS: '0',
};
Object.assign(process.env, unlimitedEnv);

/** A throwaway PostgreSQL server from the machine's binaries (as the test suite starts one). */
export async function throwawayPostgres(): Promise<ThrowawayServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('No PostgreSQL server binaries found (install the postgresql package).');
  return startPostgres(bin);
}

/** A migrated database with the official calendars: PGlite in memory, or the server at `url`. */
export async function openBenchDatabase(url?: string, poolSize = 10): Promise<Database> {
  const database = url ? await openDatabase({ url, poolSize }) : await openDatabase({ dataDir: 'memory://' });
  await migrate(database);
  await ensureCalendarsSeeded(database.db);
  return database;
}

export interface BenchApp {
  app: App;
  ctx: AppContext;
  close(): Promise<void>;
}

/** The real HTTP application on a database, driven with app.inject. */
export async function benchApp(database: Database): Promise<BenchApp> {
  const filesDir = mkdtempSync(join(tmpdir(), 'rightsdesk-bench-files-'));
  const config = {
    ...loadConfig({
      ...unlimitedEnv,
      RIGHTSDESK_FILES_DIR: filesDir,
      RIGHTSDESK_DATA_DIR: filesDir,
      LOG_LEVEL: 'warn',
    }),
    secureCookies: false,
  };
  const ctx: AppContext = { database, config, clock: new OffsetClock(), files: new LocalFileStore(filesDir) };
  const app = await buildApp(ctx);
  return {
    app,
    ctx,
    close: async () => {
      await app.close();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

const allScopes: Scope[] = [...scopes];

export interface BenchUser {
  id: string;
  role: Role;
  sellerId: string | null;
  authorization: string;
}

/** A user of the role with a full-scope API key; a respondent gets its own seller. */
export async function benchUser(database: Database, role: Role, tag: string): Promise<BenchUser> {
  const db = database.db;
  const unique = `${tag}-${Math.random().toString(36).slice(2, 8)}`;
  const seller = role === 'respondent' ? await ensureSeller(db, `S-${unique}`, `Shop ${unique}`) : undefined;
  const user = await createUser(db, {
    email: `${role}-${unique}@bench.example`,
    name: `Bench ${role} ${unique}`,
    role,
    password: 'correct horse battery staple',
    partyKind: role === 'complainant' ? 'enterprise' : undefined,
    sellerId: seller?.id,
  });
  const { key } = await createApiKey(db, user.id, 'bench', allScopes);
  return { id: user.id, role, sellerId: seller?.id ?? null, authorization: `Bearer ${key}` };
}
