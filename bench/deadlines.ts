/**
 * Issue 9 item 2: 1,000,000 pending counter-notice windows (1,000 complaints × 1,000 forwarded items)
 * on a throwaway PostgreSQL server; the real worker (workOnce / startWorker with the batch handlers)
 * fires due ones, each a state transition with its history event.
 *
 *  A. rate: a backlog of 200,000 due deadlines drained by workOnce, with the other 800,000 pending;
 *  B. lateness: 100,000 falling due at 5,000 per second while startWorker runs (1 s tick);
 *  C. three `rightsdesk worker --once` processes on 100,000 due deadlines: none fires twice.
 * Only these 400,000 are fired (2 shared cores); the rest stay pending throughout, as in steady state.
 *
 *   node bin/run-ts.js bench/deadlines.ts [--quick]
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { OffsetClock } from '../src/domain/clock.ts';
import { startWorker, workOnce } from '../src/jobs/worker.ts';
import { ensureSeller } from '../src/services/accounts.ts';
import { quick, Report, seconds } from './report.ts';
import { benchUser, openBenchDatabase, throwawayPostgres } from './setup.ts';

const COMPLAINTS = quick ? 100 : 1_000;
const PER_COMPLAINT = 1_000;
/** Complaint ranges (1-based, inclusive) of the three phases. */
const phaseA = { from: 1, to: COMPLAINTS / 5 };
const phaseB = { from: phaseA.to + 1, to: phaseA.to + COMPLAINTS / 10 };
const phaseC = { from: phaseB.to + 1, to: phaseB.to + COMPLAINTS / 10 };
const ARRIVAL_PER_SECOND = 5_000;

const report = new Report('deadlines');
const fmt = (n: number) => n.toLocaleString('en-US');

async function generate(client: pg.Client, filerId: string, sellerId: string) {
  const t0 = performance.now();
  await client.query(
    `INSERT INTO complaints (case_number, filer_id, status, complainant_kind, complainant_name, contact_email,
       item_count, submitted_at, decided_at)
     SELECT 'IPC-DL-' || lpad(c::text, 7, '0'), $1, 'accepted', 'enterprise', 'Brand ' || c, 'ip@brand.example',
       $2, now() - interval '12 days', now() - interval '11 days'
     FROM generate_series(1, $3) c`,
    [filerId, PER_COMPLAINT, COMPLAINTS],
  );
  await client.query(
    `INSERT INTO complaint_items (complaint_id, seq, listing_url, seller_id, description, infringement_type,
       status, forwarded_at)
     SELECT c.id, s, 'https://shop.example/' || c.case_number || '/' || s, $1,
       'Counterfeit sneaker 假冒运动鞋', 'counterfeit', 'forwarded', now() - interval '10 days'
     FROM complaints c CROSS JOIN generate_series(1, $2) s
     WHERE c.case_number LIKE 'IPC-DL-%'`,
    [sellerId, PER_COMPLAINT],
  );
  // Pending, due in a month: the phases below bring slices of them due.
  await client.query(
    `INSERT INTO deadlines (kind, complaint_id, item_id, due_at, status)
     SELECT 'counter_notice_window', i.complaint_id, i.id, now() + interval '30 days', 'pending'
     FROM complaint_items i JOIN complaints c ON c.id = i.complaint_id
     WHERE c.case_number LIKE 'IPC-DL-%'`,
  );
  await client.query('VACUUM ANALYZE complaints, complaint_items, deadlines');
  return seconds(t0);
}

/** Moves the phase's deadlines to `due(complaintNumber)` (an SQL expression of `n`). */
async function bringDue(client: pg.Client, range: { from: number; to: number }, due: string) {
  await client.query(
    `UPDATE deadlines d SET due_at = ${due}
     FROM (SELECT id, substr(case_number, 8)::int AS n FROM complaints WHERE case_number LIKE 'IPC-DL-%') c
     WHERE d.complaint_id = c.id AND c.n BETWEEN $1 AND $2`,
    [range.from, range.to],
  );
}

async function count(client: pg.Client, query: string, params: unknown[] = []): Promise<number> {
  const r = await client.query<{ n: string }>(query, params);
  return Number(r.rows[0]?.n ?? 0);
}

function runWorkerProcess(url: string): Promise<{ fired: number; failed: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/rightsdesk.js', 'worker', '--once'], {
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.stderr.on('data', (d) => {
      err += String(d);
    });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`worker exited ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as { fired: number; failed: number });
    });
  });
}

const server = await throwawayPostgres();
const client = new pg.Client({ connectionString: server.url });
try {
  const database = await openBenchDatabase(server.url, 4);
  await client.connect();
  const filer = await benchUser(database, 'complainant', 'deadlines');
  const seller = await ensureSeller(database.db, 'S-bench-deadlines', 'Bench seller');
  const genSeconds = await generate(client, filer.id, seller.id);
  const total = await count(client, `SELECT count(*) AS n FROM deadlines WHERE status = 'pending'`);
  report.add(
    'pending counter_notice_window deadlines generated',
    total,
    'deadlines',
    undefined,
    `${genSeconds.toFixed(0)} s`,
  );

  // A. Rate: drain a backlog that fell due an hour ago while the rest stay pending.
  const sizeA = (phaseA.to - phaseA.from + 1) * PER_COMPLAINT;
  await bringDue(client, phaseA, `now() - interval '1 hour' + n * interval '1 second'`);
  const clock = new OffsetClock();
  const t0 = performance.now();
  const a = await workOnce(database.db, clock, { workerId: 'bench-a' });
  const tookA = seconds(t0);
  if (a.fired !== sizeA || a.failed) throw new Error(`phase A fired ${a.fired}, failed ${a.failed}, expected ${sizeA}`);
  report.add(
    `firing rate, ${fmt(sizeA)} due of ${fmt(total)} pending (one worker)`,
    sizeA / tookA,
    'deadlines/s',
    { op: '>=', value: 5000 },
    `${tookA.toFixed(1)} s`,
  );

  // B. Lateness: deadlines fall due at 5,000/s while the real worker loop (1 s tick) runs.
  const sizeB = (phaseB.to - phaseB.from + 1) * PER_COMPLAINT;
  const perComplaint = PER_COMPLAINT / ARRIVAL_PER_SECOND;
  await bringDue(
    client,
    phaseB,
    `now() + interval '3 seconds' + (n - ${phaseB.from}) * interval '${perComplaint} seconds'`,
  );
  const lastDue = (
    await client.query<{ t: Date }>(
      `SELECT max(d.due_at) AS t FROM deadlines d JOIN complaints c ON c.id = d.complaint_id
       WHERE c.case_number LIKE 'IPC-DL-%' AND substr(c.case_number, 8)::int BETWEEN $1 AND $2`,
      [phaseB.from, phaseB.to],
    )
  ).rows[0]!.t.getTime();
  const worker = startWorker(database.db, clock, { workerId: 'bench-b', intervalMs: 1000 });
  let drainedAt = 0;
  const giveUp = lastDue + 120_000;
  while (Date.now() < giveUp) {
    await new Promise((r) => setTimeout(r, 250));
    const left = await count(
      client,
      `SELECT count(*) AS n FROM deadlines d JOIN complaints c ON c.id = d.complaint_id
       WHERE d.status = 'pending' AND substr(c.case_number, 8)::int BETWEEN $1 AND $2 AND c.case_number LIKE 'IPC-DL-%'`,
      [phaseB.from, phaseB.to],
    );
    if (left === 0) {
      drainedAt = Date.now();
      break;
    }
  }
  await worker.stop();
  const lateness = await client.query<{ max: number | null; p99: number | null; n: string }>(
    `SELECT max(extract(epoch FROM d.fired_at - d.due_at))::float8 AS max,
       percentile_disc(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM d.fired_at - d.due_at))::float8 AS p99,
       count(*) AS n
     FROM deadlines d JOIN complaints c ON c.id = d.complaint_id
     WHERE d.status = 'fired' AND c.case_number LIKE 'IPC-DL-%' AND substr(c.case_number, 8)::int BETWEEN $1 AND $2`,
    [phaseB.from, phaseB.to],
  );
  const late = lateness.rows[0]!;
  if (Number(late.n) !== sizeB) report.note(`phase B: only ${late.n} of ${sizeB} fired within two minutes`);
  report.add(
    `max lateness, ${fmt(sizeB)} falling due at ${fmt(ARRIVAL_PER_SECOND)}/s (worker loop, 1 s tick)`,
    late.max ?? Number.POSITIVE_INFINITY,
    's',
    { op: '<=', value: 60 },
    `claim time − due time; p99 ${(late.p99 ?? 0).toFixed(2)} s`,
  );
  report.add(
    'last deadline of the stream fired after its due time (observed)',
    drainedAt ? (drainedAt - lastDue) / 1000 : Number.POSITIVE_INFINITY,
    's',
    { op: '<=', value: 60 },
    'polled every 250 ms: commit, not claim',
  );

  // C. Three worker processes on one server: each deadline fires once.
  const sizeC = (phaseC.to - phaseC.from + 1) * PER_COMPLAINT;
  await bringDue(client, phaseC, `now() - interval '1 minute' + n * interval '1 millisecond'`);
  const t1 = performance.now();
  const results = await Promise.all([1, 2, 3].map(() => runWorkerProcess(server.url)));
  const tookC = seconds(t1);
  const firedC = results.reduce((s, r) => s + r.fired, 0);
  report.add(
    `fired by three \`worker --once\` processes (${results.map((r) => fmt(r.fired)).join(' + ')})`,
    firedC,
    'deadlines',
    { op: '>=', value: sizeC },
  );
  report.add(
    'rate of the three processes, start-up included',
    sizeC / tookC,
    'deadlines/s',
    undefined,
    `${tookC.toFixed(1)} s`,
  );
  const twice = await count(
    client,
    `SELECT count(*) AS n FROM (SELECT item_id FROM history_events
       WHERE action = 'item.counter_window_expired' GROUP BY item_id HAVING count(*) > 1) t`,
  );
  report.add('items with more than one counter_window_expired event (all phases)', twice, 'items', {
    op: '<=',
    value: 0,
  });
  const events = await count(
    client,
    `SELECT count(*) AS n FROM history_events WHERE action = 'item.counter_window_expired'`,
  );
  const fired = await count(client, `SELECT count(*) AS n FROM deadlines WHERE status = 'fired'`);
  const upheld = await count(client, `SELECT count(*) AS n FROM complaint_items WHERE status = 'upheld'`);
  report.add(
    'deadlines fired / history events / items upheld agree',
    fired === events && events === upheld ? 1 : 0,
    'bool',
    {
      op: '>=',
      value: 1,
    },
    `${fmt(fired)} / ${fmt(events)} / ${fmt(upheld)}`,
  );
  report.note(
    `fired ${fmt(fired)} of ${fmt(total)}; the other ${fmt(total - fired)} stayed pending (2 shared cores: a measured portion, not all)`,
  );
  await database.close();
} finally {
  await client.end().catch(() => {});
  await server.stop();
}

process.exitCode = report.finish() ? 0 : 1;
