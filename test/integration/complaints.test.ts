import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintItems, complaints, historyEvents } from '../../src/db/schema/index.ts';
import { ensureSeller } from '../../src/services/accounts.ts';
import { call, completeBody, fileComplaint, itemFor, makeDocument, makeFiler } from '../support/factories.ts';
import { makeUser, startTestApp, type TestEnv } from '../support/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestApp();
});
afterAll(async () => env.close());

const countRows = async (table: typeof complaints | typeof complaintItems) =>
  (await env.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

describe('filing a complaint (seed 000 §二(一)2)', () => {
  it('creates a draft with a case number IPC-<year>-<6 digits> and its items', async () => {
    const filer = await makeFiler(env);
    const res = await call(env, filer.user, 'POST', '/complaints', await completeBody(env, filer, 3));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.status).toBe('draft');
    expect(body.caseNumber).toMatch(/^IPC-20\d\d-\d{6}$/);
    expect(body.itemCount).toBe(3);
    expect(body.statement.signedAt).toBeTruthy();
    expect(body.checklist).toEqual([]);
    expect(body.allowedEvents).toEqual(expect.arrayContaining(['submit', 'withdraw']));
    const items = await call(env, filer.user, 'GET', `/complaints/${body.id}/items`);
    expect(items.json().data.map((i: { seq: number }) => i.seq)).toEqual([1, 2, 3]);
  });

  it('numbers cases in the year of Asia/Shanghai, even just before midnight UTC on 31 December', async () => {
    const filer = await makeFiler(env);
    const { nextCaseNumber } = await import('../../src/services/case-numbers.ts');
    const n = await nextCaseNumber(env.ctx.database.db, 'IPC', new Date('2025-12-31T17:00:00Z'));
    expect(n).toMatch(/^IPC-2026-\d{6}$/);
    expect(filer).toBeTruthy();
  });

  it('links an item to a synced seller and keeps an unknown seller as reported', async () => {
    const filer = await makeFiler(env);
    const seller = await ensureSeller(env.ctx.database.db, 'SHOP-LINKED', 'Linked shop');
    const body = await completeBody(env, filer, 0, {
      items: [
        await itemFor(env, filer, { sellerExternalId: 'SHOP-LINKED' }),
        await itemFor(env, filer, { sellerExternalId: 'SHOP-NOT-SYNCED', sellerName: 'Ghost shop' }),
      ],
    });
    const res = await call(env, filer.user, 'POST', '/complaints', body);
    const items = (await call(env, filer.user, 'GET', `/complaints/${res.json().id}/items`)).json().data;
    expect(items[0].sellerId).toBe(seller.id);
    expect(items[1]).toMatchObject({ sellerId: null, sellerExternalId: 'SHOP-NOT-SYNCED', sellerName: 'Ghost shop' });
  });

  it('refuses an invalid item with 400 naming items.2.listingUrl and stores nothing', async () => {
    const filer = await makeFiler(env);
    const body = await completeBody(env, filer, 4);
    body.items[2]!.listingUrl = 'ftp://shop.example.test/x';
    body.items[3]!.description = '';
    const before = [await countRows(complaints), await countRows(complaintItems)];
    const res = await call(env, filer.user, 'POST', '/complaints', body);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['items.2.listingUrl', 'items.3.description']));
    expect([await countRows(complaints), await countRows(complaintItems)]).toEqual(before);
  });

  it('requires a link or a listing id for each item', async () => {
    const filer = await makeFiler(env);
    const body = await completeBody(env, filer, 1);
    delete (body.items[0] as { listingUrl?: string }).listingUrl;
    const res = await call(env, filer.user, 'POST', '/complaints', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('items.0.listingUrl');
  });

  it('refuses documents and rights that are not the filer’s, naming each field', async () => {
    const filer = await makeFiler(env);
    const other = await makeFiler(env);
    const stranger = await makeDocument(env, other.user, 'evidence');
    const body = await completeBody(env, filer, 2, {
      identityDocumentIds: [other.identityDocumentId],
      rightIds: [filer.rightId, other.rightId],
    });
    body.items[1]!.evidenceDocumentIds = [stranger];
    const before = await countRows(complaints);
    const res = await call(env, filer.user, 'POST', '/complaints', body);
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['identityDocumentIds.0', 'rightIds.1', 'items.1.evidenceDocumentIds.0']),
    );
    expect(await countRows(complaints)).toBe(before);
  });

  it('refuses an item right that the complaint does not cite, and a POA cited by a non-agent', async () => {
    const filer = await makeFiler(env);
    const other = await makeFiler(env, 'agent');
    const body = await completeBody(env, filer, 1, { powerOfAttorneyId: other.powerOfAttorneyId });
    body.items[0]!.rightId = other.rightId;
    const res = await call(env, filer.user, 'POST', '/complaints', body);
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['items.0.rightId', 'powerOfAttorneyId']));
  });

  it('replays a create under the same Idempotency-Key and refuses another body under it with 422', async () => {
    const filer = await makeFiler(env);
    const body = await completeBody(env, filer, 1);
    const headers = { 'idempotency-key': `create-${Math.random()}` };
    const first = await call(env, filer.user, 'POST', '/complaints', body, headers);
    const again = await call(env, filer.user, 'POST', '/complaints', body, headers);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(again.json().caseNumber).toBe(first.json().caseNumber);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await call(env, filer.user, 'POST', '/complaints', { ...body, complainantName: 'Other' }, headers);
    expect(other.statusCode).toBe(422);
    const mine = await env.ctx.database.db.select().from(complaints).where(eq(complaints.filerId, filer.user.id));
    expect(mine).toHaveLength(1);
  });

  it('files and submits at once with submit: true, recording the checklist in the history', async () => {
    const filer = await makeFiler(env);
    const res = await call(env, filer.user, 'POST', '/complaints', await completeBody(env, filer, 1, { submit: true }));
    expect(res.json()).toMatchObject({ status: 'submitted' });
    expect(res.json().dueAt).toBeTruthy();
    const history = (await call(env, filer.user, 'GET', `/complaints/${res.json().id}/history`)).json().data;
    const submit = history.find((e: { action: string }) => e.action === 'complaint.submit');
    expect(submit).toMatchObject({ fromState: 'draft', toState: 'submitted', data: { checklist: [] } });
  });
});

describe('editing and submitting', () => {
  it('lets the filer edit a draft; the checklist follows the edits', async () => {
    const filer = await makeFiler(env);
    const c = await fileComplaint(env, filer, { contactPhone: undefined, identityDocumentIds: [] });
    const check = (await call(env, filer.user, 'GET', `/complaints/${c.id}/checklist`)).json();
    expect(check.complete).toBe(false);
    expect(check.checklist.map((e: { code: string }) => e.code).sort()).toEqual(['contact_phone', 'identity_document']);
    const res = await call(env, filer.user, 'PATCH', `/complaints/${c.id}`, {
      contactPhone: '+86 10 1234 5678',
      identityDocumentIds: [filer.identityDocumentId],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().version).toBe(c.version + 1);
    expect(res.json().checklist).toEqual([]);
  });

  it('names a wrong identity document for the complainant kind (seed 000 §二(一)2(1))', async () => {
    const filer = await makeFiler(env, 'complainant', 'individual');
    const licence = await makeDocument(env, filer.user, 'business_licence');
    const c = await fileComplaint(env, filer, { identityDocumentIds: [licence] });
    const check = (await call(env, filer.user, 'GET', `/complaints/${c.id}/checklist`)).json();
    expect(check.checklist).toEqual([
      expect.objectContaining({ code: 'identity_document', field: 'identityDocumentIds' }),
    ]);
  });

  it('refuses to submit a draft without items or statement (guard has_items_and_statement)', async () => {
    const filer = await makeFiler(env);
    const c = await fileComplaint(env, filer, { items: [], statement: undefined });
    const res = await call(env, filer.user, 'POST', `/complaints/${c.id}/submit`);
    expect(res.statusCode).toBe(409);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['items', 'statement']);
  });

  it('submits an incomplete complaint: the platform will ask for what is lacking (seed 000 §二(二)1)', async () => {
    const filer = await makeFiler(env);
    const c = await fileComplaint(env, filer, { contactPhone: undefined });
    const res = await call(env, filer.user, 'POST', `/complaints/${c.id}/submit`);
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('submitted');
    expect(res.json().checklist.map((e: { code: string }) => e.code)).toEqual(['contact_phone']);
  });

  it('refuses edits once submitted, and a second submit, with 409', async () => {
    const filer = await makeFiler(env);
    const c = await fileComplaint(env, filer, { submit: true });
    expect((await call(env, filer.user, 'PATCH', `/complaints/${c.id}`, { complainantName: 'X' })).statusCode).toBe(
      409,
    );
    expect((await call(env, filer.user, 'POST', `/complaints/${c.id}/submit`)).statusCode).toBe(409);
    const more = await call(env, filer.user, 'POST', `/complaints/${c.id}/items`, {
      items: [await itemFor(env, filer)],
    });
    expect(more.statusCode).toBe(409);
  });

  it('edits one item, e.g. to add evidence', async () => {
    const filer = await makeFiler(env);
    const c = await fileComplaint(env, filer, { items: [await itemFor(env, filer, { evidenceDocumentIds: [] })] });
    const [item] = (await call(env, filer.user, 'GET', `/complaints/${c.id}/items`)).json().data;
    const before = (await call(env, filer.user, 'GET', `/complaints/${c.id}/checklist`)).json();
    expect(before.checklist).toEqual([expect.objectContaining({ field: 'items.0.evidenceDocumentIds' })]);
    const evidence = await makeDocument(env, filer.user, 'evidence');
    const res = await call(env, filer.user, 'PATCH', `/complaints/${c.id}/items/${item.id}`, {
      evidenceDocumentIds: [evidence],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().evidenceDocumentIds).toEqual([evidence]);
    expect((await call(env, filer.user, 'GET', `/complaints/${c.id}/checklist`)).json().complete).toBe(true);
  });
});

describe('the queue and the case history', () => {
  it('lists by due time then age, filters by status and jurisdiction, and searches case number or name', async () => {
    const reviewer = await makeUser(env, 'reviewer');
    const filer = await makeFiler(env);
    const tag = `Zeta${Math.random().toString(36).slice(2, 8)}`;
    const draft = await fileComplaint(env, filer, { complainantName: `${tag} draft`, jurisdiction: 'US' });
    const submitted = await fileComplaint(env, filer, { complainantName: `${tag} submitted`, submit: true });
    const byName = (await call(env, reviewer, 'GET', `/complaints?q=${tag}`)).json();
    expect(byName.total).toBe(2);
    // The submitted one has a review target (dueAt); drafts have none and come last.
    expect(byName.data.map((c: { id: string }) => c.id)).toEqual([submitted.id, draft.id]);
    const us = (await call(env, reviewer, 'GET', `/complaints?q=${tag}&jurisdiction=US`)).json();
    expect(us.data.map((c: { id: string }) => c.id)).toEqual([draft.id]);
    const st = (await call(env, reviewer, 'GET', `/complaints?q=${tag}&status=submitted`)).json();
    expect(st.data.map((c: { id: string }) => c.id)).toEqual([submitted.id]);
    const byNumber = (await call(env, reviewer, 'GET', `/complaints?q=${draft.caseNumber}`)).json();
    expect(byNumber.data.map((c: { id: string }) => c.id)).toEqual([draft.id]);
    const page = (await call(env, reviewer, 'GET', `/complaints?q=${tag}&limit=1`)).json();
    expect(page.nextOffset).toBe(1);
    expect((await call(env, reviewer, 'GET', '/complaints?limit=201')).statusCode).toBe(400);
  });

  it('filters and pages the queue without a search, counting all that match', async () => {
    const filer = await makeFiler(env);
    const us = await fileComplaint(env, filer, { jurisdiction: 'US', submit: true });
    const first = await fileComplaint(env, filer, { submit: true });
    const draft = await fileComplaint(env, filer);
    const ids = async (query: string) => {
      const page = (await call(env, filer.user, 'GET', `/complaints${query}`)).json();
      return { ids: page.data.map((c: { id: string }) => c.id), total: page.total, nextOffset: page.nextOffset };
    };
    // Filers see their own: submitted by due time (CN's 3 working days before the US's), drafts last.
    const all = await ids('');
    expect(all).toEqual({ ids: expect.arrayContaining([us.id, first.id, draft.id]), total: 3, nextOffset: null });
    expect(all.ids[2]).toBe(draft.id);
    expect(await ids('?jurisdiction=US')).toEqual({ ids: [us.id], total: 1, nextOffset: null });
    expect(await ids('?status=draft')).toEqual({ ids: [draft.id], total: 1, nextOffset: null });
    expect(await ids('?status=submitted&jurisdiction=CN')).toEqual({ ids: [first.id], total: 1, nextOffset: null });
    expect(await ids('?status=rejected')).toEqual({ ids: [], total: 0, nextOffset: null });
    expect(await ids('?limit=2')).toEqual({ ids: all.ids.slice(0, 2), total: 3, nextOffset: 2 });
    expect(await ids('?limit=2&offset=2')).toEqual({ ids: [draft.id], total: 3, nextOffset: null });
    // Past the last page no row carries the count: it is counted on its own.
    expect(await ids('?offset=10')).toEqual({ ids: [], total: 3, nextOffset: null });
    // The IP team sees everyone's, with the same filters.
    const reviewer = await makeUser(env, 'reviewer');
    const drafts = (await call(env, reviewer, 'GET', '/complaints?status=draft&limit=200')).json();
    expect(drafts.total).toBeGreaterThanOrEqual(1);
    expect(drafts.data.every((c: { status: string }) => c.status === 'draft')).toBe(true);
    expect(drafts.data.map((c: { id: string }) => c.id)).toContain(draft.id);
  });

  it('shows filers only their own complaints', async () => {
    const a = await makeFiler(env);
    const b = await makeFiler(env);
    const mine = await fileComplaint(env, a);
    await fileComplaint(env, b);
    const list = (await call(env, a.user, 'GET', '/complaints?limit=200')).json();
    expect(list.data.map((c: { id: string }) => c.id)).toEqual([mine.id]);
  });

  it('keeps the history append-only: the database refuses UPDATE and DELETE of an event', async () => {
    const filer = await makeFiler(env);
    const c = await fileComplaint(env, filer);
    const db = env.ctx.database.db;
    await expect(
      db.update(historyEvents).set({ action: 'forged' }).where(eq(historyEvents.complaintId, c.id)),
    ).rejects.toThrow();
    await expect(db.delete(historyEvents).where(eq(historyEvents.complaintId, c.id))).rejects.toThrow();
    const history = (await call(env, filer.user, 'GET', `/complaints/${c.id}/history`)).json().data;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['complaint.created', 'complaint.items_added']);
    expect(history[0].actor).toMatchObject({ id: filer.user.id, role: 'complainant' });
  });
});

describe('the API document', () => {
  it('documents every complaint route in the OpenAPI document', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of [
      '/api/v1/complaints',
      '/api/v1/complaints/{id}',
      '/api/v1/complaints/{id}/items',
      '/api/v1/complaints/{id}/items/csv',
      '/api/v1/complaints/{id}/checklist',
      '/api/v1/complaints/{id}/history',
      '/api/v1/complaints/{id}/submit',
      '/api/v1/complaints/{id}/resubmit',
      '/api/v1/complaints/{id}/correction-requests',
      '/api/v1/complaints/{id}/accept',
      '/api/v1/complaints/{id}/reject',
      '/api/v1/complaints/{id}/withdraw',
    ]) {
      expect(paths).toContain(p);
    }
  });
});
