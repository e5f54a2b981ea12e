import type { TestProject } from 'vitest/node';
import { findPostgresBin, startPostgres, type ThrowawayServer } from './postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let server: ThrowawayServer | undefined;

/** Global setup of the `postgres` test project: one throwaway PostgreSQL 15 server for the run. */
export async function setup(project: TestProject) {
  if (process.env.RIGHTSDESK_TEST_DATABASE_URL) {
    project.provide('postgresUrl', process.env.RIGHTSDESK_TEST_DATABASE_URL);
    return;
  }
  const bin = findPostgresBin();
  if (!bin) throw new Error('No PostgreSQL server binaries found (install the postgresql package).');
  server = await startPostgres(bin);
  project.provide('postgresUrl', server.url);
}

export async function teardown() {
  await server?.stop();
}
