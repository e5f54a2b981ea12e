import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Clock } from '../domain/clock.ts';
import type { FileStore } from '../services/file-store.ts';

/** What every route and job needs, built once per process and passed in (no globals). */
export interface AppContext {
  database: Database;
  config: Config;
  clock: Clock;
  files: FileStore;
}
