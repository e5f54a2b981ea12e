import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { type Clock, systemClock } from './domain/clock.ts';
import type { AppContext } from './server/context.ts';
import { LocalFileStore } from './services/file-store.ts';

/** Opens the configured database (PGlite in ./data unless DATABASE_URL is set) and applies migrations. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pglite` });
  await migrate(database);
  return database;
}

export async function createContext(config: Config, clock: Clock = systemClock): Promise<AppContext> {
  const database = await openConfiguredDatabase(config);
  return { database, config, clock, files: new LocalFileStore(config.filesDir) };
}
