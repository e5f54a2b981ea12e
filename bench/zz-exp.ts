import pg from 'pg';
import { openBenchDatabase, throwawayPostgres, benchUser } from './setup.ts';
const server = await throwawayPostgres();
const d = await openBenchDatabase(server.url);
const u = await benchUser(d, 'complainant', 'x');
await d.close();
const c = new pg.Client({ connectionString: server.url });
await c.connect();
await c.query(`INSERT INTO complaints (case_number, filer_id, complainant_kind, complainant_name, contact_email) SELECT 'X' || i, $1, 'enterprise', 'n', 'e' FROM generate_series(1,20) i`, [u.id]);
const ins = async (label: string, k: number) => {
  const t0 = performance.now();
  await c.query(`INSERT INTO complaint_items (complaint_id, seq, listing_url, seller_external_id, seller_name, title, description, infringement_type)
    SELECT (SELECT id FROM complaints WHERE case_number = 'X${k}'), s, 'https://shop.example/listing/' || s, 'S-' || (s % 500), '店铺 Shop ' || (s % 500), '假冒运动鞋 Counterfeit sneaker ' || s,
    (ARRAY['这是一双假冒耐克运动鞋，鞋舌上的标志与注册商标近似，售价远低于正品。','Counterfeit sneakers: the swoosh on the side copies our registered trademark; sold at a tenth of the price.','商品主图盗用我方摄影作品，未经许可用于商业宣传。 Product photos copied from our catalogue without a licence.'])[1 + s % 3], 'counterfeit'
    FROM generate_series(1, 10000) s`);
  console.log(label, (performance.now() - t0).toFixed(0), 'ms');
};
await ins('all indexes', 1);
await ins('all indexes again', 2);
await c.query('DROP INDEX complaint_items_cjk_grams_idx');
await ins('without grams', 3);
await c.query('DROP INDEX complaint_items_text_trgm_idx');
await ins('without both GIN', 4);
await c.query(`CREATE INDEX g ON complaint_items USING gin (rightsdesk_cjk_grams(coalesce(title, '') || ' ' || description)) WITH (fastupdate = off)`);
await ins('grams fastupdate off', 5);
await c.query(`DROP INDEX g; CREATE INDEX g ON complaint_items USING gin (rightsdesk_cjk_grams(coalesce(title, '') || ' ' || description)) WITH (gin_pending_list_limit = 65536)`);
await ins('grams big pending list', 6);
await c.query(`DROP INDEX g`);
await c.query(`CREATE INDEX t ON complaint_items USING gin ((coalesce(title, '') || ' ' || description) gin_trgm_ops) WITH (fastupdate = off)`);
await ins('trgm fastupdate off', 7);
await c.query(`DROP INDEX t; CREATE INDEX t ON complaint_items USING gin ((coalesce(title, '') || ' ' || description) gin_trgm_ops) WITH (gin_pending_list_limit = 65536)`);
await ins('trgm big pending', 8);
await c.end();
await server.stop();
