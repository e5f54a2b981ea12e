/**
 * Benchmark of the tamper-evident history (issue 9 item 7):
 *  - one recordHistory call with 10,000 events (one complaint's items), on PGlite and on PostgreSQL;
 *  - `audit verify` over 1,000,000 events on a throwaway PostgreSQL server. Goal: ≤ 10 s.
 *
 *   nice -n 10 node bin/run-ts.js bench/audit.ts [--events 1000000]
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { verifyAuditChain } from '../src/services/audit.ts';
import { type HistoryEntry, recordHistory } from '../src/services/history.ts';
import { findPostgresBin, startPostgres } from '../test/support/postgres-server.ts';

const GOAL_MS = 10_000;
const argIndex = process.argv.indexOf('--events');
const totalEvents = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 1_000_000;
const BUILD_BATCH = 20_000;

/** Events shaped like an accepted complaint's item transitions. */
function entries(n: number, at: Date): HistoryEntry[] {
  const complaintId = randomUUID();
  const actor = { userId: randomUUID(), role: 'reviewer' as const, sellerId: null, scopes: null };
  return Array.from({ length: n }, (_, i) => ({
    complaintId,
    itemId: randomUUID(),
    actor: i % 2 ? actor : null,
    action: 'item.forward',
    fromState: 'taken_down',
    toState: 'forwarded',
    reason: i % 10 ? null : 'seed 000 §二(二)3: forwarded to the seller',
    documentIds: i % 4 ? [] : [randomUUID()],
    data: { seq: i + 1, sellerExternalId: `S-${i % 97}`, dueDate: '2026-10-09' },
    at,
  }));
}

/** Median of three timed 10,000-event appends, each in its own transaction as a request would do it. */
async function appendTenThousand(database: Database): Promise<number> {
  await database.db.transaction((tx) => recordHistory(tx, ...entries(100, new Date()))); // warm-up
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const batch = entries(10_000, new Date());
    const t0 = performance.now();
    await database.db.transaction((tx) => recordHistory(tx, ...batch));
    times.push(performance.now() - t0);
  }
  return Math.round(times.sort((a, b) => a - b)[1]!);
}

const bin = findPostgresBin();
if (!bin) {
  console.error('bench/audit: no PostgreSQL server binaries (install the postgresql package)');
  process.exit(2);
}

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};

const pglite = await openDatabase({ dataDir: 'memory://' });
await migrate(pglite);
const pgliteAppendMs = await appendTenThousand(pglite);
await pglite.close();

const server = await startPostgres(bin);
try {
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('CREATE DATABASE bench_audit');
  await admin.end();
  const url = new URL(server.url);
  url.pathname = '/bench_audit';
  const database = await openDatabase({ url: url.toString(), poolSize: 4 });
  await migrate(database);
  const postgresAppendMs = await appendTenThousand(database);

  // Build the rest of the million through the real append path, in large batches.
  const t0 = performance.now();
  let built = 100 + 3 * 10_000;
  while (built < totalEvents) {
    const n = Math.min(BUILD_BATCH, totalEvents - built);
    const batch = entries(n, new Date());
    await database.db.transaction((tx) => recordHistory(tx, ...batch));
    built += n;
  }
  const buildMs = Math.round(performance.now() - t0);
  await database.db.execute(sql`VACUUM ANALYZE history_events`);

  // The machine may be shared: the load average and this process's CPU time put the wall time in context.
  const loadBefore = loadavg()[0]!;
  const cpu0 = process.cpuUsage();
  const verify = await verifyAuditChain(database.db);
  const cpu = process.cpuUsage(cpu0);
  await database.close();

  const figures = {
    bench: 'audit',
    machine,
    recordHistory10kMs: { pglite: pgliteAppendMs, postgres: postgresAppendMs },
    buildEvents: built,
    buildMs,
    verify: {
      ok: verify.ok,
      events: verify.events,
      ms: verify.ms,
      nodeCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      loadAverage1m: Number(loadBefore.toFixed(2)),
    },
    verifyGoalMs: GOAL_MS,
    verifyMeetsGoal: verify.ok && verify.ms <= (GOAL_MS * verify.events) / 1_000_000,
    eventsPerSecond: Math.round(verify.events / (verify.ms / 1000)),
  };
  console.log(JSON.stringify(figures));
  console.log(
    `audit verify: ${verify.events.toLocaleString('en')} events in ${(verify.ms / 1000).toFixed(2)} s ` +
      `(goal ≤ ${GOAL_MS / 1000} s per 1,000,000: ${figures.verifyMeetsGoal ? 'met' : 'NOT met'}); ` +
      `recordHistory of 10,000 events: ${pgliteAppendMs} ms on PGlite, ${postgresAppendMs} ms on PostgreSQL; ` +
      `on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node} ` +
      `(load average ${loadBefore.toFixed(2)}; verify used ${figures.verify.nodeCpuMs} ms of Node CPU)`,
  );
} finally {
  await server.stop();
}
