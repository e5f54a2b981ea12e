import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { OffsetClock } from '../../src/domain/clock.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { LocalFileStore } from '../../src/services/file-store.ts';
import type { TestEnv } from './harness.ts';
import { findPostgresBin, startPostgres, type ThrowawayServer } from './postgres-server.ts';

/**
 * A PostgreSQL server of the test's own, which it may stop and start (the shared one of the
 * `postgres` project must stay up for the other files), with an app built on it as harness.ts does.
 */
export async function startAppOnOwnServer(): Promise<TestEnv & { server: ThrowawayServer; filesDir: string }> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('No PostgreSQL server binaries found.');
  const server = await startPostgres(bin);
  // Short timeouts so that a test sees the outage quickly; the defaults are for production.
  const database = await openDatabase({
    url: server.url,
    poolSize: 4,
    connectionTimeoutMs: 2_000,
    queryTimeoutMs: 10_000,
  });
  await migrate(database);
  const filesDir = mkdtempSync(join(tmpdir(), 'rightsdesk-files-'));
  const config = {
    ...loadConfig({ RIGHTSDESK_FILES_DIR: filesDir, RIGHTSDESK_DATA_DIR: filesDir, DATABASE_URL: server.url }),
    secureCookies: false,
  };
  const clock = new OffsetClock();
  const ctx: AppContext = { database, config, clock, files: new LocalFileStore(filesDir) };
  const app = await buildApp(ctx);
  return {
    app,
    ctx,
    clock,
    server,
    filesDir,
    close: async () => {
      await app.close();
      await database.close();
      await server.stop();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}
