import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { OffsetClock } from './domain/clock.ts';
import type { AppContext } from './server/context.ts';
import { ensureCalendarsSeeded } from './services/deadlines.ts';
import { LocalFileStore } from './services/file-store.ts';
import { syncClock } from './services/test-clock.ts';

/** Opens the configured database (PGlite in ./data unless DATABASE_URL is set) and applies migrations. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pglite` });
  await migrate(database);
  await ensureCalendarsSeeded(database.db);
  return database;
}

export async function createContext(config: Config): Promise<AppContext & { clock: OffsetClock }> {
  const database = await openConfiguredDatabase(config);
  // The clock runs at real time; only an enabled sandbox test clock moves it ahead (SPEC §3).
  const clock = new OffsetClock();
  if (config.testClock) await syncClock(database.db, clock);
  return { database, config, clock, files: new LocalFileStore(config.filesDir) };
}
