/**
 * Issue 9 item 4: autocannon against `rightsdesk serve` on loopback (PostgreSQL, throwaway server):
 * authenticated reads at 500 req/s (p99 ≤ 50 ms), small complaints (3 items) at 50/s (p99 ≤ 200 ms),
 * the same load on a bare Fastify app (bench/bare-fastify.ts) for the ratio, and the server's RSS
 * under that load (≤ 300 MB, from /proc/<pid>/status).
 *
 *   node bin/run-ts.js bench/http.ts [--quick]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { quick, Report } from './report.ts';
import { type BenchUser, benchUser, openBenchDatabase, throwawayPostgres, unlimitedEnv } from './setup.ts';

const DURATION = quick ? 5 : 20;
/** Seconds of each load run first and not measured (see `warm`). */
const WARMUP = quick ? 2 : 5;
const READ_RATE = 500;
const CREATE_RATE = 50;
const SEED_COMPLAINTS = quick ? 50 : 300;

const report = new Report('http');
/** Extra Node flags for the processes under load, e.g. BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'. */
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts a process and waits for a line matching `ready` on its stdout; returns its base URL. */
function startProcess(args: string[], env: Record<string, string>, ready: RegExp) {
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += String(d);
      const m = ready.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.stderr.on('data', (d) => {
      out += String(d);
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${out.slice(-2000)}`)));
  });
  return { child, url };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/** Peak VmRSS of a process (MiB), sampled every 50 ms until stopped. */
function sampleVmRss(pid: number) {
  let peak = 0;
  const read = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m?.[1]) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      // the process has ended
    }
  };
  read();
  const timer = setInterval(read, 50);
  return {
    stop() {
      clearInterval(timer);
      read();
      return peak;
    },
  };
}

const complaintBody = (i: number) =>
  JSON.stringify({
    complainantKind: 'enterprise',
    complainantName: 'Brand Co., Ltd. 品牌有限公司',
    contactEmail: 'ip@brand.example',
    items: [1, 2, 3].map((n) => ({
      listingUrl: `https://shop.example/listing/${i}-${n}`,
      sellerExternalId: `S-${(i * 3 + n) % 100}`,
      title: `假冒运动鞋 Counterfeit sneaker ${n}`,
      description: '这是一双假冒耐克运动鞋，鞋舌上的标志与注册商标近似。',
      infringementType: 'counterfeit',
    })),
  });

interface Load {
  p50: number;
  p99: number;
  rate: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, rate: number, duration: number, options: Partial<autocannon.Options>): Promise<Load> {
  const r = await autocannon({ url, connections: 20, overallRate: rate, duration, ...options });
  return { p50: r.latency.p50, p99: r.latency.p99, rate: r.requests.average, non2xx: r.non2xx, errors: r.errors };
}

async function readLoad(base: string, authorization: string, ids: string[], duration = DURATION) {
  let n = 0;
  return load(base, READ_RATE, duration, {
    headers: { authorization },
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          n += 1;
          return { ...req, path: n % 2 ? `/api/v1/complaints/${ids[n % ids.length]}` : '/api/v1/complaints' };
        },
      },
    ],
  });
}

function createLoad(base: string, authorization: string, duration = DURATION) {
  let n = 0;
  return load(base, CREATE_RATE, duration, {
    connections: 10,
    headers: { authorization, 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        path: '/api/v1/complaints',
        setupRequest: (req) => {
          n += 1;
          return { ...req, body: complaintBody(n) };
        },
      },
    ],
  });
}

/**
 * Both loads for WARMUP seconds, not measured. The first requests of a route compile its code and
 * schemas, and the connection pool opens its connections under the first burst. autocannon corrects
 * for coordinated omission with an expected interval of ceil(1/rate) = 1 ms, so one such stall of
 * 40 ms would count as 40 samples from 1 to 40 ms on each connection: it would measure start-up,
 * not the steady load. Both servers get the same warm-up.
 */
async function warm(base: string, filer: BenchUser, reviewer: BenchUser, ids: string[]) {
  await readLoad(base, reviewer.authorization, ids, WARMUP);
  await createLoad(base, filer.authorization, WARMUP);
}

const pg = await throwawayPostgres();
const dataDir = mkdtempSync(join(tmpdir(), 'rightsdesk-bench-http-'));
let server: ChildProcess | undefined;
let bare: ChildProcess | undefined;
try {
  const database = await openBenchDatabase(pg.url);
  const filer = await benchUser(database, 'complainant', 'http');
  const reviewer = await benchUser(database, 'reviewer', 'http');
  await database.close();

  const port = await freePort();
  const started = startProcess(
    ['bin/rightsdesk.js', 'serve'],
    {
      ...unlimitedEnv,
      DATABASE_URL: pg.url,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      RIGHTSDESK_DATA_DIR: dataDir,
    },
    /Rightsdesk is running at (http:\/\/\S+)/,
  );
  server = started.child;
  const base = await started.url;
  const ids: string[] = [];
  for (let i = 0; i < SEED_COMPLAINTS; i++) {
    const res = await fetch(`${base}/api/v1/complaints`, {
      method: 'POST',
      headers: { authorization: filer.authorization, 'content-type': 'application/json' },
      body: complaintBody(100_000 + i),
    });
    if (res.status !== 201) throw new Error(`seed: ${res.status} ${await res.text()}`);
    ids.push(((await res.json()) as { id: string }).id);
  }

  const bareStarted = startProcess(['bin/run-ts.js', 'bench/bare-fastify.ts'], {}, /listening (http:\/\/\S+)/);
  bare = bareStarted.child;
  const bareBase = await bareStarted.url;

  const resting = sampleVmRss(server.pid!).stop();
  const rss = sampleVmRss(server.pid!);
  // Warm both, then measure (the RSS peak counts the warm-up too).
  await warm(base, filer, reviewer, ids);
  const reads = await readLoad(base, reviewer.authorization, ids);
  const creates = await createLoad(base, filer.authorization);
  const peakRss = rss.stop();
  await warm(bareBase, filer, reviewer, ids);
  const bareReads = await readLoad(bareBase, reviewer.authorization, ids);
  const bareCreates = await createLoad(bareBase, filer.authorization);

  const detail = (l: Load) =>
    `p50 ${l.p50} ms, ${Math.round(l.rate)} req/s achieved${l.non2xx || l.errors ? `, ${l.non2xx} non-2xx, ${l.errors} errors` : ''}`;
  report.add(
    `reads at ${READ_RATE} req/s (GET /complaints/:id and GET /complaints): p99`,
    reads.p99,
    'ms',
    { op: '<=', value: 50 },
    detail(reads),
  );
  report.add('the same reads, failed responses', reads.non2xx + reads.errors, 'responses', { op: '<=', value: 0 });
  report.add(
    `complaint creation (3 items) at ${CREATE_RATE}/s: p99`,
    creates.p99,
    'ms',
    { op: '<=', value: 200 },
    detail(creates),
  );
  report.add('the same creations, failed responses', creates.non2xx + creates.errors, 'responses', {
    op: '<=',
    value: 0,
  });
  report.add(`bare Fastify, the same reads: p99`, bareReads.p99, 'ms', undefined, detail(bareReads));
  report.add(`bare Fastify, the same creations: p99`, bareCreates.p99, 'ms', undefined, detail(bareCreates));
  report.add(
    'reads: p99 of rightsdesk / p99 of bare Fastify',
    reads.p99 / Math.max(bareReads.p99, 1),
    '×',
    undefined,
    'bare p99 floored at 1 ms',
  );
  report.add(
    'creation: p99 of rightsdesk / p99 of bare Fastify',
    creates.p99 / Math.max(bareCreates.p99, 1),
    '×',
    undefined,
    'bare p99 floored at 1 ms',
  );
  report.add('server RSS before the load, after seeding (VmRSS)', resting * 1.048576, 'MB');
  report.add(
    'server peak RSS under that load (VmRSS)',
    peakRss * 1.048576,
    'MB',
    { op: '<=', value: 300 },
    `${peakRss.toFixed(0)} MiB; sampled every 50 ms`,
  );
  report.note(
    `${DURATION} s per load after ${WARMUP} s of warm-up, 20 connections (10 for creation), autocannon in the bench process; the database server is on the same 2 cores`,
  );
} finally {
  if (server) await stop(server);
  if (bare) await stop(bare);
  await pg.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

process.exitCode = report.finish() ? 0 : 1;
