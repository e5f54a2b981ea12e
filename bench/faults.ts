import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { complaintItems, complaints, deadlines } from '../src/db/schema/index.ts';
import { createApiKey, createUser, ensureSeller } from '../src/services/accounts.ts';
import { findPostgresBin, startPostgres } from '../test/support/postgres-server.ts';

/**
 * Crash safety (issue 9 item 5): `kill -9` the real server while it creates complaints with
 * Idempotency-Keys, and the worker while it fires deadlines; afterwards nothing acknowledged is
 * lost, nothing is half-written or duplicated, every retry replays the first answer, and every
 * deadline fired exactly once.   node bin/run-ts.js bench/faults.ts [--rounds 200] [--worker-rounds 40]
 */
export interface FaultOptions {
  rounds: number;
  workerRounds: number;
  concurrency: number;
  /** deadlines made due before each worker round. */
  deadlinesPerRound: number;
  log?: (line: string) => void;
}

export interface FaultFigures {
  rounds: number;
  requests: number;
  acknowledged: number;
  unanswered: number;
  lost: number;
  duplicated: number;
  halfWritten: number;
  replayMismatches: number;
  workerRounds: number;
  workerKills: number;
  deadlines: number;
  deadlinesLost: number;
  deadlinesFiredTwice: number;
  deadlinesPendingPastDue: number;
}

interface Sent {
  key: string;
  body: { complainantKind: string; complainantName: string; contactEmail: string; items: object[] };
  status: number | 'none';
  id?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rows = async <T>(db: Database, query: ReturnType<typeof sql>) =>
  ((await db.db.execute(query)) as unknown as { rows: T[] }).rows;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** `node bin/rightsdesk.js …` as its own process, whose stderr is kept for the error message. */
function rightsdesk(args: string[], env: Record<string, string>): ChildProcess & { stderrText: () => string } {
  const child = spawn(process.execPath, ['bin/rightsdesk.js', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d) => {
    err = (err + String(d)).slice(-4000);
  });
  return Object.assign(child, { stderrText: () => err });
}

/** The exit code once the process has ended (null when a signal ended it). */
const exited = (child: ChildProcess) =>
  new Promise<number | null>((r) =>
    child.exitCode !== null || child.signalCode !== null ? r(child.exitCode) : child.once('exit', (c) => r(c)),
  );

async function killHard(child: ChildProcess) {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exited(child);
}

export async function runFaults(options: FaultOptions): Promise<FaultFigures> {
  const log = options.log ?? (() => {});
  const bin = findPostgresBin();
  if (!bin) throw new Error('No PostgreSQL server binaries found (install the postgresql package).');
  const server = await startPostgres(bin);
  const dataDir = mkdtempSync(join(tmpdir(), 'rightsdesk-faults-'));
  const database = await openDatabase({ url: server.url, poolSize: 4 });
  try {
    await migrate(database);
    const port = await freePort();
    const env = {
      DATABASE_URL: server.url,
      RIGHTSDESK_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'fatal',
      // The limiter would refuse the load this script makes on purpose.
      RIGHTSDESK_RATE_LIMIT_COMPLAINTS: '0',
    };
    const http = await killingTheServer(database, env, port, options, log);
    log(`server kills: ${JSON.stringify(http)}`);
    const work = await killingWorkers(database, env, options, log);
    return { ...http, ...work };
  } finally {
    await database.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function killingTheServer(
  database: Database,
  env: Record<string, string>,
  port: number,
  options: FaultOptions,
  log: (line: string) => void,
) {
  const filer = await createUser(database.db, {
    email: `faults-${randomUUID()}@example.test`,
    name: 'Fault injector',
    role: 'complainant',
    password: 'correct horse battery staple',
    partyKind: 'enterprise',
  });
  const { key: apiKey } = await createApiKey(database.db, filer.id, 'faults', ['complaints:read', 'complaints:write']);
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const start = async () => {
    const child = rightsdesk(['serve'], env);
    for (const until = Date.now() + 60_000; Date.now() < until; await sleep(100)) {
      if (child.exitCode !== null) throw new Error(`server exited: ${child.stderrText()}`);
      const ok = await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return child;
    }
    throw new Error(`server did not start: ${child.stderrText()}`);
  };
  const post = async (s: Sent) => {
    const res = await fetch(`${base}/api/v1/complaints`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': s.key },
      body: JSON.stringify(s.body),
      signal: AbortSignal.timeout(60_000),
    });
    return { status: res.status, body: (await res.json()) as { id?: string } };
  };

  const sent: Sent[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const server = await start();
    let killed = false;
    const client = async (c: number) => {
      for (let n = 0; !killed; n++) {
        const key = `faults-${round}-${c}-${n}`;
        const items = Array.from({ length: 1 + Math.floor(Math.random() * 40) }, (_, i) => ({
          listingUrl: `https://shop.example/${key}/${i}`,
          description: `Counterfeit ${i}`,
          infringementType: 'counterfeit',
        }));
        const s: Sent = {
          key,
          body: { complainantKind: 'enterprise', complainantName: key, contactEmail: 'ip@brand.example', items },
          status: 'none',
        };
        sent.push(s);
        try {
          const res = await post(s);
          s.status = res.status;
          s.id = res.body.id;
        } catch {
          // killed mid-request: the outcome is unknown until the retry below.
        }
      }
    };
    const clients = Array.from({ length: options.concurrency }, (_, c) => client(c));
    await sleep(50 + Math.random() * 1000);
    killed = true;
    await killHard(server);
    await Promise.all(clients);
    if ((round + 1) % 10 === 0) log(`round ${round + 1}/${options.rounds}: ${sent.length} requests`);
  }

  // A clean server: every request again with its key must replay the first 2xx answer.
  const server = await start();
  let lost = 0;
  let replayMismatches = 0;
  try {
    for (const s of sent) {
      const again = await post(s);
      const acknowledged = typeof s.status === 'number' && s.status < 300;
      if (acknowledged && (again.status !== s.status || again.body.id !== s.id)) replayMismatches++;
      if (!acknowledged && again.status < 300) s.id = again.body.id;
      if (!acknowledged) continue;
      const whole = await rows<{ n: number }>(
        database,
        sql`SELECT count(*)::int AS n FROM ${complaints} c WHERE c.id = ${s.id} AND c.item_count = ${s.body.items.length}
            AND (SELECT count(*) FROM ${complaintItems} i WHERE i.complaint_id = c.id) = ${s.body.items.length}
            AND EXISTS (SELECT 1 FROM history_events h WHERE h.complaint_id = c.id AND h.action = 'complaint.created')`,
      );
      if (whole[0]?.n !== 1) lost++;
    }
  } finally {
    await killHard(server);
  }
  const [dup] = await rows<{ n: number }>(
    database,
    sql`SELECT count(*)::int AS n FROM (SELECT complainant_name FROM ${complaints} GROUP BY 1 HAVING count(*) > 1) d`,
  );
  const expected = new Map(sent.map((s) => [s.key, s.body.items.length]));
  const stored = await rows<{ name: string; item_count: number; items: number; created: number }>(
    database,
    sql`SELECT c.complainant_name AS name, c.item_count,
          (SELECT count(*)::int FROM ${complaintItems} i WHERE i.complaint_id = c.id) AS items,
          (SELECT count(*)::int FROM history_events h WHERE h.complaint_id = c.id AND h.action = 'complaint.created') AS created
        FROM ${complaints} c WHERE c.filer_id = ${filer.id}`,
  );
  const halfWritten = stored.filter(
    (c) => c.items !== c.item_count || c.items !== expected.get(c.name) || c.created !== 1,
  ).length;
  return {
    rounds: options.rounds,
    requests: sent.length,
    acknowledged: sent.filter((s) => typeof s.status === 'number' && s.status < 300).length,
    unanswered: sent.filter((s) => s.status === 'none').length,
    lost,
    duplicated: dup?.n ?? 0,
    halfWritten,
    replayMismatches,
  };
}

/** Forwarded items whose counter-notice window ended an hour ago, each with its pending deadline. */
async function dueDeadlines(database: Database, count: number, filerId: string, sellerId: string) {
  const now = Date.now();
  const [complaint] = await database.db
    .insert(complaints)
    .values({
      caseNumber: `IPC-FAULT-${randomUUID().slice(0, 8)}`,
      filerId,
      status: 'accepted',
      complainantKind: 'enterprise',
      complainantName: 'Brand Co.',
      contactEmail: 'legal@brand.example',
      itemCount: count,
    })
    .returning();
  const items = await database.db
    .insert(complaintItems)
    .values(
      Array.from({ length: count }, (_, i) => ({
        complaintId: complaint!.id,
        seq: i + 1,
        listingUrl: `https://shop.example/item/${i}`,
        sellerId,
        description: 'counterfeit',
        infringementType: 'counterfeit',
        status: 'forwarded',
        forwardedAt: new Date(now - 10 * 86_400_000),
      })),
    )
    .returning({ id: complaintItems.id });
  await database.db.insert(deadlines).values(
    items.map((item) => ({
      kind: 'counter_notice_window',
      complaintId: complaint!.id,
      itemId: item.id,
      dueAt: new Date(now - 3_600_000),
    })),
  );
  return complaint!.id;
}

async function killingWorkers(
  database: Database,
  env: Record<string, string>,
  options: FaultOptions,
  log: (line: string) => void,
) {
  const filer = await createUser(database.db, {
    email: `faults-w-${randomUUID()}@example.test`,
    name: 'Filer',
    role: 'complainant',
    password: 'correct horse battery staple',
    partyKind: 'enterprise',
  });
  const seller = await ensureSeller(database.db, `S-FAULT-${randomUUID()}`, 'Shop');
  const ours: string[] = [];
  let kills = 0;
  for (let round = 0; round < options.workerRounds; round++) {
    ours.push(await dueDeadlines(database, options.deadlinesPerRound, filer.id, seller.id));
    const workers = [rightsdesk(['worker'], env), rightsdesk(['worker'], env)];
    // Startup (tsx, migrations check) takes about a second; the kill lands before, during or after firing.
    await sleep(500 + Math.random() * 2500);
    const victims = Math.random() < 0.5 ? workers : [workers[Math.floor(Math.random() * 2)] as ChildProcess];
    for (const w of victims) await killHard(w);
    kills += victims.length;
    // The survivor, if any, is stopped cleanly, as a deploy would.
    for (const w of workers) {
      if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM');
      await exited(w);
    }
    if ((round + 1) % 10 === 0) log(`worker round ${round + 1}/${options.workerRounds}`);
  }
  const final = rightsdesk(['worker', '--once'], env);
  if ((await exited(final)) !== 0) throw new Error(`final worker run failed: ${final.stderrText()}`);

  // One pass over the events of our complaints (history_events has no index on item_id).
  const [perItem] = await rows<{ items: number; lost: number; twice: number }>(
    database,
    sql`SELECT count(*)::int AS items,
          count(*) FILTER (WHERE coalesce(e.n, 0) = 0)::int AS lost,
          count(*) FILTER (WHERE e.n > 1)::int AS twice
        FROM ${complaintItems} i
        LEFT JOIN (SELECT item_id, count(*) AS n FROM history_events
                   WHERE complaint_id IN ${ours} AND action = 'item.counter_window_expired' GROUP BY item_id) e
          ON e.item_id = i.id
        WHERE i.complaint_id IN ${ours}`,
  );
  const [pending] = await rows<{ n: number }>(
    database,
    sql`SELECT count(*)::int AS n FROM ${deadlines} WHERE status <> 'fired' AND due_at <= now()`,
  );
  return {
    workerRounds: options.workerRounds,
    workerKills: kills,
    deadlines: perItem?.items ?? 0,
    deadlinesLost: perItem?.lost ?? 0,
    deadlinesFiredTwice: perItem?.twice ?? 0,
    deadlinesPendingPastDue: pending?.n ?? 0,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '200' },
      'worker-rounds': { type: 'string', default: '40' },
      concurrency: { type: 'string', default: '4' },
      'deadlines-per-round': { type: 'string', default: '2000' },
    },
  });
  const started = Date.now();
  const figures = await runFaults({
    rounds: Number(values.rounds),
    workerRounds: Number(values['worker-rounds']),
    concurrency: Number(values.concurrency),
    deadlinesPerRound: Number(values['deadlines-per-round']),
    log: (line) => console.error(line),
  });
  const cpu = cpus();
  console.log('Crash safety (kill -9), issue 9 item 5');
  console.log(
    `  machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${process.platform} ${release()}, node ${process.version}`,
  );
  console.log(`  duration: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  for (const [name, value] of Object.entries(figures)) console.log(`  ${name.padEnd(24)} ${value}`);
  const bad =
    figures.lost +
    figures.duplicated +
    figures.halfWritten +
    figures.replayMismatches +
    figures.deadlinesLost +
    figures.deadlinesFiredTwice +
    figures.deadlinesPendingPastDue;
  console.log(
    bad === 0 ? '  result: OK — nothing lost, duplicated or half-written' : `  result: FAILED (${bad} problems)`,
  );
  process.exitCode = bad === 0 ? 0 : 1;
}

if (process.argv[1]?.endsWith('faults.ts')) await main();
