import { resolve } from 'node:path';

/** Everything configurable, read once from the environment (documented in README "Configuration"). */
export interface Config {
  /** PostgreSQL server URL; when absent, the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  filesDir: string;
  host: string;
  port: number;
  /** Largest accepted upload in bytes. */
  maxUploadBytes: number;
  /** SPEC §3: a sandbox test clock, off unless explicitly enabled. */
  testClock: boolean;
  /** Cookies get the Secure attribute unless explicitly turned off for plain-http local use. */
  secureCookies: boolean;
  sessionHours: number;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.RIGHTSDESK_DATA_DIR ?? './data');
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    filesDir: resolve(env.RIGHTSDESK_FILES_DIR ?? `${dataDir}/files`),
    host: env.HOST ?? '127.0.0.1',
    port: Number(env.PORT ?? 3000),
    maxUploadBytes: Number(env.RIGHTSDESK_MAX_UPLOAD_BYTES ?? 20 * 1024 * 1024),
    testClock: env.RIGHTSDESK_TEST_CLOCK === '1' || env.RIGHTSDESK_TEST_CLOCK === 'true',
    secureCookies: env.RIGHTSDESK_INSECURE_COOKIES !== '1',
    sessionHours: Number(env.RIGHTSDESK_SESSION_HOURS ?? 12),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
