import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintItems, complaints } from '../../src/db/schema/index.ts';
import { call, type Filer, fileComplaint, makeDocument, makeFiler } from '../support/factories.ts';
import { makeUser, startTestApp, type TestEnv } from '../support/harness.ts';
import { multipart } from '../support/sample-files.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestApp();
});
afterAll(async () => env.close());

const itemCount = async (id: string) =>
  (
    await env.ctx.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(complaintItems)
      .where(eq(complaintItems.complaintId, id))
  )[0]!.n;

/** Many listings sharing a few evidence documents: what a brand-protection vendor uploads. */
function manyItems(filer: Filer, evidence: string[], n: number, from = 0) {
  return Array.from({ length: n }, (_, i) => ({
    listingUrl: `https://shop.example.test/item/${from + i}`,
    sellerExternalId: `SHOP-${(from + i) % 50}`,
    description: `Counterfeit of our product, listing ${from + i}`,
    infringementType: 'counterfeit',
    rightId: filer.rightId,
    evidenceDocumentIds: [evidence[(from + i) % evidence.length]!],
  }));
}

describe('bulk complaints (SPEC §2: 1 … 10,000 items)', () => {
  it('accepts 10,000 items in one complaint and refuses the 10,001st', async () => {
    const filer = await makeFiler(env);
    const evidence = await Promise.all([1, 2, 3].map(() => makeDocument(env, filer.user, 'evidence')));
    const c = await fileComplaint(env, filer, { items: manyItems(filer, evidence, 6000) });
    const more = await call(env, filer.user, 'POST', `/complaints/${c.id}/items`, {
      items: manyItems(filer, evidence, 4000, 6000),
    });
    expect(more.statusCode).toBe(201);
    expect(more.json()).toEqual({ added: 4000, itemCount: 10_000, firstSeq: 6001 });
    expect(await itemCount(c.id)).toBe(10_000);

    const one = await call(env, filer.user, 'POST', `/complaints/${c.id}/items`, {
      items: manyItems(filer, evidence, 1, 10_000),
    });
    expect(one.statusCode).toBe(400);
    expect(one.json().errors[0].field).toBe('items');
    expect(await itemCount(c.id)).toBe(10_000);

    const page = (await call(env, filer.user, 'GET', `/complaints/${c.id}/items?limit=1000&offset=9500`)).json();
    expect(page.total).toBe(10_000);
    expect(page.data).toHaveLength(500);
    expect(page.data.at(-1).seq).toBe(10_000);
    expect(page.nextOffset).toBeNull();

    const submitted = await call(env, filer.user, 'POST', `/complaints/${c.id}/submit`);
    expect(submitted.json()).toMatchObject({ status: 'submitted', checklist: [] });
  });

  it('refuses 10,001 items in one body, and caps the errors of an all-bad body', async () => {
    const filer = await makeFiler(env);
    const evidence = [await makeDocument(env, filer.user, 'evidence')];
    const before = (await env.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(complaints))[0]!.n;
    const tooMany = await call(env, filer.user, 'POST', '/complaints', {
      complainantKind: 'enterprise',
      complainantName: 'Brand',
      contactEmail: 'ip@brand.example.test',
      items: manyItems(filer, evidence, 10_001),
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors.map((e: { field: string }) => e.field)).toContain('items');

    const bad = manyItems(filer, evidence, 5000).map((i) => ({ ...i, listingUrl: 'not a url' }));
    const res = await call(env, filer.user, 'POST', '/complaints', {
      complainantKind: 'enterprise',
      complainantName: 'Brand',
      contactEmail: 'ip@brand.example.test',
      items: bad,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.length).toBeLessThanOrEqual(100);
    expect(res.json().errors[0].field).toBe('items.0.listingUrl');
    expect((await env.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(complaints))[0]!.n).toBe(before);
  });

  it('refuses a whole batch when one item cites another filer’s evidence, storing none', async () => {
    const filer = await makeFiler(env);
    const other = await makeUser(env, 'complainant');
    const evidence = [await makeDocument(env, filer.user, 'evidence')];
    const foreign = await makeDocument(env, other, 'evidence');
    const c = await fileComplaint(env, filer, { items: [] });
    const items = manyItems(filer, evidence, 1500);
    items[1234]!.evidenceDocumentIds = [foreign];
    const res = await call(env, filer.user, 'POST', `/complaints/${c.id}/items`, { items });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'items.1234.evidenceDocumentIds.0', message: 'is not a document you uploaded' },
    ]);
    expect(await itemCount(c.id)).toBe(0);
  });
});

const header =
  'listingUrl,listingExternalId,sellerExternalId,sellerName,title,description,infringementType,rightId,evidenceDocumentIds';

describe('CSV upload of items', () => {
  it('appends the items of a CSV sent as text/csv, evidence separated by semicolons', async () => {
    const filer = await makeFiler(env);
    const [e1, e2] = [await makeDocument(env, filer.user), await makeDocument(env, filer.user)];
    const c = await fileComplaint(env, filer, { items: [] });
    const csv = [
      header,
      `https://shop.example.test/a,,SHOP-1,Shop one,Bag,"Fake bag, our logo",counterfeit,${filer.rightId},${e1};${e2}`,
      `,LISTING-77,SHOP-2,,,Copied photo,copyright,,${e2}`,
    ].join('\n');
    const res = await call(env, filer.user, 'POST', `/complaints/${c.id}/items/csv`, csv, {
      'content-type': 'text/csv',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ added: 2, itemCount: 2, firstSeq: 1 });
    const items = (await call(env, filer.user, 'GET', `/complaints/${c.id}/items`)).json().data;
    expect(items[0]).toMatchObject({ description: 'Fake bag, our logo', evidenceDocumentIds: [e1, e2] });
    expect(items[1]).toMatchObject({ listingUrl: null, listingExternalId: 'LISTING-77', rightId: null });
  });

  it('names the bad row and column with its CSV line, and stores nothing', async () => {
    const filer = await makeFiler(env);
    const e1 = await makeDocument(env, filer.user);
    const c = await fileComplaint(env, filer, { items: [] });
    const csv = [
      header,
      `https://shop.example.test/a,,,,,Fine,counterfeit,,${e1}`,
      '',
      `https://shop.example.test/b,,,,,Bad type,knockoff,,${e1}`,
      `mailto:x@example.test,,,,,Bad link,counterfeit,,${e1}`,
    ].join('\n');
    const res = await call(env, filer.user, 'POST', `/complaints/${c.id}/items/csv`, csv, {
      'content-type': 'text/csv',
    });
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors;
    expect(errors.map((e: { field: string }) => e.field)).toEqual(['items.1.infringementType', 'items.2.listingUrl']);
    expect(errors[0].message).toContain('CSV line 4');
    expect(errors[1].message).toContain('CSV line 5');
    expect(await itemCount(c.id)).toBe(0);
  });

  it('accepts the CSV as the multipart part `file` and reports database problems with the line', async () => {
    const filer = await makeFiler(env);
    const other = await makeUser(env, 'complainant');
    const foreign = await makeDocument(env, other);
    const c = await fileComplaint(env, filer, { items: [] });
    const csv = `${header}\nhttps://shop.example.test/a,,,,,Fine,counterfeit,,${foreign}\n`;
    const form = multipart({}, { filename: 'items.csv', bytes: Buffer.from(csv), contentType: 'text/csv' });
    const res = await env.app.inject({
      method: 'POST',
      url: `/api/v1/complaints/${c.id}/items/csv`,
      payload: form.payload,
      headers: { ...form.headers, ...filer.user.auth },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'items.0.evidenceDocumentIds.0' });
    expect(res.json().errors[0].message).toContain('CSV line 2');

    const e1 = await makeDocument(env, filer.user);
    const good = multipart(
      {},
      { filename: 'items.csv', bytes: Buffer.from(csv.replace(foreign, e1)), contentType: 'text/csv' },
    );
    const ok = await env.app.inject({
      method: 'POST',
      url: `/api/v1/complaints/${c.id}/items/csv`,
      payload: good.payload,
      headers: { ...good.headers, ...filer.user.auth },
    });
    expect(ok.statusCode).toBe(201);
  });

  it('refuses unknown and missing columns, and a body that is neither CSV nor multipart', async () => {
    const filer = await makeFiler(env);
    const c = await fileComplaint(env, filer, { items: [] });
    const res = await call(env, filer.user, 'POST', `/complaints/${c.id}/items/csv`, 'url,price\nhttps://a.test,3\n', {
      'content-type': 'text/csv',
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['columns.0', 'columns.1', 'columns']));
    const json = await call(env, filer.user, 'POST', `/complaints/${c.id}/items/csv`, { items: [] });
    expect(json.statusCode).toBe(415);
  });
});
