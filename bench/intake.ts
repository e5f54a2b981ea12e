/**
 * Issue 9 item 1: one complaint of 10,000 items (link, description, evidence document each) through
 * POST /api/v1/complaints — validated, committed and answered — on PostgreSQL and on PGlite; the same
 * rows by a raw COPY into complaint_items on the same server; the peak RSS while doing it.
 *
 *   node bin/run-ts.js bench/intake.ts [--quick]
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../src/db/client.ts';
import { complaints, documents } from '../src/db/schema/index.ts';
import { quick, Report, sampleRss, seconds } from './report.ts';
import { benchApp, benchUser, openBenchDatabase, throwawayPostgres } from './setup.ts';

const ITEMS = quick ? 1_000 : 10_000;
const report = new Report('intake');

const descriptions = [
  '这是一双假冒耐克运动鞋，鞋舌上的标志与注册商标近似，售价远低于正品。',
  'Counterfeit sneakers: the swoosh on the side copies our registered trademark; sold at a tenth of the price.',
  '商品主图盗用我方摄影作品，未经许可用于商业宣传。 Product photos copied from our catalogue without a licence.',
];

interface ItemBody {
  listingUrl: string;
  sellerExternalId: string;
  sellerName: string;
  title: string;
  description: string;
  infringementType: 'counterfeit';
  evidenceDocumentIds: string[];
}

/** Evidence documents of the filer, inserted directly: uploads are not what this measures. */
async function evidenceDocuments(database: Database, ownerId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 2000) {
    const rows = await database.db
      .insert(documents)
      .values(
        Array.from({ length: Math.min(2000, n - i) }, (_, j) => ({
          ownerId,
          kind: 'evidence' as const,
          fileName: `shot-${i + j}.png`,
          mediaType: 'image/png',
          sizeBytes: 1024,
          sha256: '0'.repeat(64),
          storageKey: `bench/${ownerId}/${i + j}`,
        })),
      )
      .returning({ id: documents.id });
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

function itemsFor(evidence: string[]): ItemBody[] {
  return evidence.map((doc, i) => ({
    listingUrl: `https://shop.example/listing/${100000 + i}`,
    sellerExternalId: `S-${i % 500}`,
    sellerName: `店铺 Shop ${i % 500}`,
    title: `假冒运动鞋 Counterfeit sneaker ${i}`,
    description: descriptions[i % descriptions.length]!,
    infringementType: 'counterfeit',
    evidenceDocumentIds: [doc],
  }));
}

/** POSTs the complaint through the real route; returns seconds and the peak RSS (MiB). */
async function intake(database: Database, label: string) {
  const bench = await benchApp(database);
  try {
    const filer = await benchUser(database, 'complainant', `intake-${label}`);
    const evidence = await evidenceDocuments(database, filer.id, ITEMS + 1);
    const body = (items: ItemBody[]) =>
      JSON.stringify({
        complainantKind: 'enterprise',
        complainantName: 'Brand Co., Ltd. 品牌有限公司',
        contactEmail: 'ip@brand.example',
        contactPhone: '+86 21 5555 0100',
        items,
      });
    const post = (payload: string) =>
      bench.app.inject({
        method: 'POST',
        url: '/api/v1/complaints',
        headers: { authorization: filer.authorization, 'content-type': 'application/json' },
        payload,
      });
    // One small complaint first, so the route's code is compiled before it is timed.
    const warm = await post(body(itemsFor(evidence.slice(ITEMS))));
    if (warm.statusCode !== 201) throw new Error(`warm-up: ${warm.statusCode} ${warm.body}`);
    const items = itemsFor(evidence.slice(0, ITEMS));
    const payload = body(items);
    const rss = sampleRss(10);
    const t0 = performance.now();
    const res = await post(payload);
    const took = seconds(t0);
    const peakRss = rss.stop();
    if (res.statusCode !== 201) throw new Error(`intake: ${res.statusCode} ${res.body.slice(0, 500)}`);
    const answer = res.json() as { itemCount: number };
    if (answer.itemCount !== ITEMS) throw new Error(`intake stored ${answer.itemCount} items, not ${ITEMS}`);
    return { took, peakRss, items, filerId: filer.id, payloadMiB: payload.length / 2 ** 20 };
  } finally {
    await bench.close();
  }
}

const tsv = (v: string | null) =>
  v === null ? '\\N' : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

/** The same rows by COPY … FROM STDIN into complaint_items of another complaint; returns seconds. */
async function rawCopy(database: Database, url: string, filerId: string, items: ItemBody[]): Promise<number> {
  const [complaint] = await database.db
    .insert(complaints)
    .values({
      caseNumber: `IPC-BENCH-COPY-${Date.now()}`,
      filerId,
      complainantKind: 'enterprise',
      complainantName: 'Brand Co., Ltd.',
      contactEmail: 'ip@brand.example',
      itemCount: items.length,
    })
    .returning({ id: complaints.id });
  const now = new Date().toISOString();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const t0 = performance.now();
    const lines = items.map(
      (item, i) =>
        `${[
          complaint!.id,
          String(i + 1),
          tsv(item.listingUrl),
          tsv(item.sellerExternalId),
          tsv(item.sellerName),
          tsv(item.title),
          tsv(item.description),
          item.infringementType,
          `{${item.evidenceDocumentIds.join(',')}}`,
          now,
          now,
        ].join('\t')}\n`,
    );
    await client.query('BEGIN');
    const stream = client.query(
      copyFrom(
        'COPY complaint_items (complaint_id, seq, listing_url, seller_external_id, seller_name, title, description, infringement_type, evidence_document_ids, created_at, updated_at) FROM STDIN',
      ),
    );
    await pipeline(Readable.from(lines), stream);
    await client.query('COMMIT');
    return seconds(t0);
  } finally {
    await client.end();
  }
}

const server = await throwawayPostgres();
try {
  const database = await openBenchDatabase(server.url);
  try {
    const r = await intake(database, 'pg');
    report.add(`intake of ${ITEMS.toLocaleString('en-US')} items via POST /complaints, PostgreSQL`, r.took, 's', {
      op: '<=',
      value: 2,
    });
    const copy = await rawCopy(database, server.url, r.filerId, r.items);
    report.add(`raw COPY of the same ${ITEMS.toLocaleString('en-US')} rows, PostgreSQL`, copy, 's');
    report.add('intake speed as a share of raw COPY speed, PostgreSQL', (copy / r.took) * 100, '%', {
      op: '>=',
      value: 25,
    });
    report.add(
      'peak RSS of the process during the intake, PostgreSQL',
      r.peakRss,
      'MiB',
      undefined,
      'sampled every 10 ms',
    );
    report.note(`request body ${r.payloadMiB.toFixed(1)} MiB`);
  } finally {
    await database.close();
  }
} finally {
  await server.stop();
}

const lite = await openBenchDatabase();
try {
  const r = await intake(lite, 'pglite');
  report.add(`intake of ${ITEMS.toLocaleString('en-US')} items via POST /complaints, PGlite`, r.took, 's', {
    op: '<=',
    value: 5,
  });
  report.add(
    'peak RSS of the process during the intake, PGlite',
    r.peakRss,
    'MiB',
    undefined,
    'PGlite runs in-process',
  );
} finally {
  await lite.close();
}

process.exitCode = report.finish() ? 0 : 1;
