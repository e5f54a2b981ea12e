import { loadConfig } from '../config.ts';
import { startWorker } from '../jobs/worker.ts';
import { createContext } from '../runtime.ts';
import { buildApp } from '../server/app.ts';
import { seedDemo } from './demo.ts';

export interface ServeOptions {
  seedDemo: boolean;
  worker: boolean;
}

/** `npm start`: one process with the HTTP server (and, for start, the worker and the demo data). */
export async function serve(options: ServeOptions): Promise<void> {
  const config = loadConfig();
  const ctx = await createContext(config);
  const app = await buildApp(ctx, { logger: true });
  await app.listen({ host: config.host, port: config.port });
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  console.log(`\nRightsdesk is running at ${url}`);
  console.log(`  API docs:  ${url}/api/docs    OpenAPI: ${url}/api/openapi.json`);
  console.log(
    `  database:  ${ctx.database.kind === 'pglite' ? `PGlite in ${config.dataDir}/pglite` : 'PostgreSQL server'}`,
  );
  if (options.seedDemo) {
    const logins = await seedDemo(ctx);
    if (logins.length) {
      console.log('  demo logins (password for all shown beside each):');
      for (const l of logins) console.log(`    ${l.role.padEnd(12)} ${l.email.padEnd(36)} ${l.password}`);
    }
  }
  const worker = options.worker
    ? startWorker(ctx.database.db, ctx.clock, {
        workerId: `start-${process.pid}`,
        testClock: config.testClock,
        log: (line) => app.log.info(line),
      })
    : undefined;
  if (config.testClock)
    console.log('  test clock: ENABLED (sandbox) — POST /api/v1/test-clock/advance moves time forward');
  const stop = async () => {
    await worker?.stop();
    await app.close();
    await ctx.database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
