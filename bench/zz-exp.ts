import pg from 'pg';
import { benchUser, openBenchDatabase, throwawayPostgres } from './setup.ts';
const server = await throwawayPostgres();
const d = await openBenchDatabase(server.url);
const u = await benchUser(d, 'complainant', 'x');
await d.close();
const c = new pg.Client({ connectionString: server.url });
await c.connect();
await c.query(`SELECT setseed(0.42)`);
await c.query(
    `INSERT INTO complaints (case_number, filer_id, status, jurisdiction, complainant_kind, complainant_name,
       contact_email, item_count, due_at, created_at, updated_at)
     SELECT 'IPC-2026-' || lpad(c::text, 6, '0'), $1,
       (ARRAY['draft','submitted','submitted','submitted','needs_correction','accepted','accepted','accepted',
              'accepted','rejected','withdrawn'])[1 + floor(random() * 11)::int],
       (ARRAY['CN','CN','CN','CN','CN','CN','CN','CN','US','EU'])[1 + floor(random() * 10)::int],
       'enterprise',
       (ARRAY['品牌有限公司', 'Brand Co., Ltd.', '运动用品集团', 'Acme Sports GmbH', '创意设计工作室'])[1 + c % 5]
         || ' ' || (c % 997),
       'ip' || c || '@brand.example', 10,
       CASE WHEN random() < 0.7 THEN now() + (random() * 60 - 30) * interval '1 day' END,
       now() - random() * interval '365 days', now()
     FROM generate_series(1, 100000) c`, [u.id]);
await c.query('VACUUM ANALYZE complaints');
const ex = async (q: string) => { const r = await c.query(`EXPLAIN (ANALYZE, BUFFERS off, TIMING off) ${q}`); console.log('---', q.slice(0, 150)); for (const row of r.rows) console.log(row['QUERY PLAN']); };
const order = `ORDER BY due_at ASC NULLS LAST, created_at, id LIMIT 50`;
await ex(`SELECT count(*) FROM complaints`);
await ex(`SELECT * FROM complaints ${order}`);
await ex(`SELECT * FROM complaints WHERE status = 'draft' ${order}`);
await ex(`SELECT count(*) FROM complaints WHERE status = 'draft'`);
await ex(`SELECT * FROM complaints WHERE case_number ILIKE '%Acme Sports GmbH 41%' OR complainant_name ILIKE '%Acme Sports GmbH 41%' ${order}`);
await ex(`SELECT count(*) FROM complaints WHERE case_number ILIKE '%Acme Sports GmbH 41%' OR complainant_name ILIKE '%Acme Sports GmbH 41%'`);
await ex(`SELECT * FROM complaints WHERE status = 'accepted' AND (case_number ILIKE '%Brand%' OR complainant_name ILIKE '%Brand%') ${order}`);
await ex(`SELECT count(*) FROM complaints WHERE status = 'accepted' AND (case_number ILIKE '%Brand%' OR complainant_name ILIKE '%Brand%')`);
await c.end();
await server.stop();
