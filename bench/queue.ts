/**
 * Issue 9 item 3: 100,000 complaints with 1,000,000 items on a throwaway PostgreSQL server. As a
 * reviewer, the first page of GET /complaints (sorted by due time) for every filter its querystring
 * offers: p99 ≤ 50 ms; item search (GET /items/search) in Chinese and English: p99 ≤ 200 ms.
 *
 *   node bin/run-ts.js bench/queue.ts [--quick]
 */
import pg from 'pg';
import { jurisdictionCodes } from '../src/domain/jurisdictions.ts';
import { complaintStates } from '../src/domain/workflow/complaint-workflow.ts';
import { percentile, quick, Report, seconds } from './report.ts';
import { type BenchApp, benchApp, benchUser, openBenchDatabase, throwawayPostgres } from './setup.ts';

const COMPLAINTS = quick ? 10_000 : 100_000;
const ITEMS_PER_COMPLAINT = 10;
const FILERS = 200;
const RUNS = quick ? 30 : 100;

const report = new Report('queue');
const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Complaints in every state and jurisdiction, 30% with no due time; items whose titles and
 * descriptions mix Chinese and English. Rare words (耐克 in 1 item of 200) keep searches honest.
 */
async function generate(client: pg.Client) {
  await client.query(`SELECT setseed(0.42)`);
  await client.query(`SET maintenance_work_mem = '256MB'`);
  // Bulk loading into the migrated tables, with their indexes built afterwards from the same definitions.
  const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.tablename IN ('complaints', 'complaint_items')
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const i of indexes) await client.query(`DROP INDEX ${i.indexname}`);
  await client.query(
    `INSERT INTO users (email, name, role, party_kind, password_hash)
     SELECT 'filer' || f || '@bench.example', 'Filer ' || f, 'complainant', 'enterprise', 'x'
     FROM generate_series(1, $1) f`,
    [FILERS],
  );
  await client.query(
    `INSERT INTO complaints (case_number, filer_id, status, jurisdiction, complainant_kind, complainant_name,
       contact_email, item_count, due_at, created_at, updated_at)
     SELECT 'IPC-2026-' || lpad(c::text, 6, '0'),
       (SELECT id FROM users WHERE email = 'filer' || (1 + c % $2) || '@bench.example'),
       (ARRAY['draft','submitted','submitted','submitted','needs_correction','accepted','accepted','accepted',
              'accepted','rejected','withdrawn'])[1 + floor(random() * 11)::int],
       (ARRAY['CN','CN','CN','CN','CN','CN','CN','CN','US','EU'])[1 + floor(random() * 10)::int],
       'enterprise',
       (ARRAY['品牌有限公司', 'Brand Co., Ltd.', '运动用品集团', 'Acme Sports GmbH', '创意设计工作室'])[1 + c % 5]
         || ' ' || (c % 997),
       'ip' || c || '@brand.example', $3,
       CASE WHEN random() < 0.7 THEN now() + (random() * 60 - 30) * interval '1 day' END,
       now() - random() * interval '365 days', now()
     FROM generate_series(1, $1) c`,
    [COMPLAINTS, FILERS, ITEMS_PER_COMPLAINT],
  );
  await client.query(
    `INSERT INTO complaint_items (complaint_id, seq, listing_url, seller_external_id, seller_name, title, description,
       infringement_type, status, due_at)
     SELECT c.id, s, 'https://shop.example/' || c.case_number || '/' || s, 'S-' || (abs(hashtext(c.id::text)) % 5000 + s),
       '店铺 Shop ' || s,
       (ARRAY['运动鞋 新款 ', 'Running shoes ', '连帽卫衣 ', 'Leather handbag ', '手机壳 Phone case '])[1 + (s + n) % 5]
         || n,
       CASE WHEN n % 200 = 0 THEN '这是一双假冒耐克运动鞋，鞋舌上的标志与注册商标近似。'
            WHEN n % 200 = 1 THEN 'Counterfeit Nike Air sneakers sold below cost; logo copied.'
            WHEN n % 7 = 0 THEN '商品主图盗用我方摄影作品，未经许可用于商业宣传。'
            WHEN n % 7 = 1 THEN 'Product photos copied from our catalogue without a licence.'
            WHEN n % 7 = 2 THEN '这是一双假冒阿迪达斯运动鞋，售价远低于正品。'
            ELSE 'The logo on item ' || n || ' imitates our registered trademark ' || (n % 313) || '.'
       END,
       'counterfeit',
       CASE WHEN c.status = 'accepted' THEN 'forwarded' ELSE 'pending' END,
       c.due_at
     FROM complaints c CROSS JOIN generate_series(1, $1) s
     CROSS JOIN LATERAL (SELECT (substr(c.case_number, 10)::int * 10 + s) AS n) k`,
    [ITEMS_PER_COMPLAINT],
  );
  for (const i of indexes) await client.query(i.indexdef);
  await client.query('VACUUM ANALYZE users, complaints, complaint_items');
}

async function timeRequests(bench: BenchApp, authorization: string, url: string) {
  const samples: number[] = [];
  let body = '';
  for (let i = 0; i < RUNS + 3; i++) {
    const t0 = performance.now();
    const res = await bench.app.inject({ method: 'GET', url, headers: { authorization } });
    const ms = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    // The first few warm the route and the server's cache.
    if (i >= 3) samples.push(ms);
    body = res.body;
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), body };
}

const server = await throwawayPostgres();
const client = new pg.Client({ connectionString: server.url });
try {
  const database = await openBenchDatabase(server.url);
  await client.connect();
  const t0 = performance.now();
  await generate(client);
  report.note(
    `generated ${fmt(COMPLAINTS)} complaints and ${fmt(COMPLAINTS * ITEMS_PER_COMPLAINT)} items in ${seconds(t0).toFixed(0)} s`,
  );
  const bench = await benchApp(database);
  try {
    const reviewer = await benchUser(database, 'reviewer', 'queue');
    const sample = await client.query<{ case_number: string; complainant_name: string; filer_id: string }>(
      `SELECT case_number, complainant_name, filer_id FROM complaints ORDER BY case_number OFFSET $1 LIMIT 1`,
      [Math.floor(COMPLAINTS / 2)],
    );
    const one = sample.rows[0]!;
    const filters: [string, string][] = [
      ['no filter', ''],
      ...complaintStates.map((s): [string, string] => [`status=${s}`, `status=${s}`]),
      ...jurisdictionCodes.map((j): [string, string] => [`jurisdiction=${j}`, `jurisdiction=${j}`]),
      ['status=submitted&jurisdiction=US', 'status=submitted&jurisdiction=US'],
      ['q=<a full case number>', `q=${encodeURIComponent(one.case_number)}`],
      ['q=<part of a case number>', `q=${encodeURIComponent(one.case_number.slice(4, 12))}`],
      ['q=<complainant name, Latin>', `q=${encodeURIComponent('Acme Sports GmbH 41')}`],
      ['q=<complainant name, Chinese>', `q=${encodeURIComponent('运动用品集团 42')}`],
      ['q=<frequent word>&status=accepted', `q=Brand&status=accepted`],
      ['status=accepted, second page (offset=50)', 'status=accepted&offset=50'],
    ];
    for (const [name, qs] of filters) {
      const r = await timeRequests(bench, reviewer.authorization, `/api/v1/complaints?${qs}`);
      const total = (JSON.parse(r.body) as { total: number }).total;
      report.add(
        `GET /complaints ${name}: p99`,
        r.p99,
        'ms',
        { op: '<=', value: 50 },
        `p50 ${r.p50.toFixed(1)} ms, total ${fmt(total)}`,
      );
    }
    const searches: [string, string][] = [
      ['耐克 (2 CJK characters inside a sentence)', '耐克'],
      ['鞋 (1 CJK character, frequent)', '鞋'],
      ['运动鞋 (3 CJK characters, frequent)', '运动鞋'],
      ['假冒耐克运动鞋 (7 CJK characters)', '假冒耐克运动鞋'],
      ['摄影作品 (4 CJK characters)', '摄影作品'],
      ['nike air (English, rare)', 'nike air'],
      ['catalogue (English, frequent)', 'catalogue'],
      ['trademark 17. (English, rare number)', 'trademark 17.'],
      ['zzqx (no match)', 'zzqx'],
      ['不存在的词 (CJK, no match)', '不存在的词'],
    ];
    for (const [name, q] of searches) {
      const r = await timeRequests(
        bench,
        reviewer.authorization,
        `/api/v1/items/search?q=${encodeURIComponent(q)}&limit=20`,
      );
      const body = JSON.parse(r.body) as { data: unknown[]; more: boolean };
      report.add(
        `GET /items/search q=${name}: p99`,
        r.p99,
        'ms',
        { op: '<=', value: 200 },
        `p50 ${r.p50.toFixed(1)} ms, ${body.data.length}${body.more ? '+' : ''} hits`,
      );
    }
    // A filer's own queue, for information: the filter every complainant's portal uses.
    const filer = await benchUser(database, 'complainant', 'queue-filer');
    await client.query(`UPDATE complaints SET filer_id = $1 WHERE filer_id = $2`, [filer.id, one.filer_id]);
    await client.query('ANALYZE complaints');
    const own = await timeRequests(bench, filer.authorization, '/api/v1/complaints');
    report.add(
      `GET /complaints as a complainant (own ${fmt(COMPLAINTS / FILERS)} complaints): p99`,
      own.p99,
      'ms',
      { op: '<=', value: 50 },
      `p50 ${own.p50.toFixed(1)} ms`,
    );
  } finally {
    await bench.close();
    await database.close();
  }
} finally {
  await client.end().catch(() => {});
  await server.stop();
}

process.exitCode = report.finish() ? 0 : 1;
