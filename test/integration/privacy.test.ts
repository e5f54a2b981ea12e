import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type FiledCase, fileCompleteComplaint, ok, upload } from '../support/case-factories.ts';
import { makeUser, startTestApp, type TestEnv, type TestUser } from '../support/harness.ts';

/**
 * seed 000 §二(二)3 and SPEC §2: the respondent receives the complainant's name, contact e-mail,
 * proof of ownership and evidence — never phone numbers, identity documents, the licence or any
 * document marked do-not-forward. Enforced by the server on every route and file URL, for every role.
 */
let env: TestEnv;
let complainant: TestUser;
let reviewer: TestUser;
let seller1: TestUser;
let seller2: TestUser;
let outsider: TestUser;
let otherComplainant: TestUser;
let agent: TestUser;
let filed: FiledCase;
let counterNoticeId: string;
let itemIds: string[];

const PHONE = '+86 21 5555 0100';
const PHONE_DIGITS = '2155550100';
const MOBILE_IN_TEXT = '13800138000';
const ID_IN_TEXT = '110105199003071234';

beforeAll(async () => {
  env = await startTestApp({}, { calendars: true });
  complainant = await makeUser(env, 'complainant');
  reviewer = await makeUser(env, 'reviewer');
  seller1 = await makeUser(env, 'respondent', { sellerExternalId: 'SHOP-P1' });
  seller2 = await makeUser(env, 'respondent', { sellerExternalId: 'SHOP-P2' });
  outsider = await makeUser(env, 'respondent', { sellerExternalId: 'SHOP-P3' });
  otherComplainant = await makeUser(env, 'complainant');
  agent = await makeUser(env, 'agent');
  filed = await fileCompleteComplaint(env, complainant, reviewer, [
    { externalId: 'SHOP-P1', items: 2 },
    { externalId: 'SHOP-P2', items: 1 },
  ]);
  await ok(await api(env, reviewer, 'POST', `/complaints/${filed.complaintId}/accept`, {}));
  const view = await ok(await api(env, seller1, 'GET', `/respondent/complaints/${filed.complaintId}`));
  itemIds = view.items.map((i: { id: string }) => i.id);
  const evidence = await upload(env, seller1, 'counter_evidence');
  const cn = await ok(
    await api(env, seller1, 'POST', '/counter-notices', {
      complaintId: filed.complaintId,
      itemIds,
      contactName: 'Shop P1',
      contactEmail: 'p1@shop.example',
      contactPhone: '+86 755 8888 9999',
      statement: 'Genuine goods.',
      evidenceDocumentIds: [evidence],
    }),
    201,
  );
  counterNoticeId = cn.id;
});
afterAll(async () => env.close());

function assertNoPrivateData(body: string, where: string) {
  expect(body, where).not.toContain(PHONE);
  expect(body.replace(/\D/g, ''), where).not.toContain(PHONE_DIGITS);
  expect(body, where).not.toContain(MOBILE_IN_TEXT);
  expect(body, where).not.toContain(ID_IN_TEXT);
  expect(body, where).not.toContain(filed.docs.licence);
  expect(body, where).not.toContain(filed.docs.secret);
}

/** Every GET route the API documents, with each known id put into its path parameters. */
async function everyGetUrl(): Promise<string[]> {
  const spec = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  const ids = [
    filed.complaintId,
    filed.rightId,
    counterNoticeId,
    ...itemIds,
    filed.docs.licence,
    filed.docs.secret,
    filed.docs.certificate,
    filed.docs.ownership,
    ...filed.docs.evidence,
  ];
  const urls: string[] = [];
  for (const [path, ops] of Object.entries(spec.paths)) {
    if (!ops.get) continue;
    const params = path.match(/\{[^}]+\}/g) ?? [];
    if (params.length === 0) urls.push(path);
    else for (const id of ids) urls.push(params.reduce((p, name) => p.replace(name, id), path));
  }
  return urls;
}

describe('privacy of the complainant towards sellers (seed 000 §二(二)3)', () => {
  it('shows the seller the name, e-mail, proof of ownership and evidence — and redacts phones and ID numbers in text', async () => {
    const view = await ok(await api(env, seller1, 'GET', `/respondent/complaints/${filed.complaintId}`));
    expect(view.complainantName).toBe('Brand Co., Ltd.');
    expect(view.contactEmail).toBe('ip@brand.example');
    expect(view.rights[0].documents.map((d: { id: string }) => d.id)).toEqual([filed.docs.certificate]);
    expect(view.ownershipDocuments.map((d: { id: string }) => d.id)).toEqual([filed.docs.ownership]);
    expect(view.items).toHaveLength(2);
    expect(view.items[0].description).toContain('[redacted]');
    expect(view.items[0].evidence).toHaveLength(1);
    assertNoPrivateData(JSON.stringify(view), 'respondent view');
  });

  it('shows each seller only its own items', async () => {
    const view = await ok(await api(env, seller2, 'GET', `/respondent/complaints/${filed.complaintId}`));
    expect(view.items).toHaveLength(1);
    expect(itemIds).not.toContain(view.items[0].id);
    expect((await api(env, outsider, 'GET', `/respondent/complaints/${filed.complaintId}`)).statusCode).toBe(404);
  });

  it('lets the seller download forwardable proof and evidence, but not the licence or do-not-forward files', async () => {
    const myEvidence = filed.docs.evidence.slice(0, 2);
    for (const id of [filed.docs.certificate, filed.docs.ownership, ...myEvidence]) {
      const res = await api(env, seller1, 'GET', `/documents/${id}/content`);
      expect(res.statusCode, id).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment/);
    }
    for (const id of [filed.docs.licence, filed.docs.secret]) {
      for (const url of [`/documents/${id}`, `/documents/${id}/content`]) {
        expect((await api(env, seller1, 'GET', url)).statusCode, url).toBe(404);
      }
    }
    // Another seller named in the complaint cannot read seller 1's item evidence; an unrelated seller nothing.
    expect((await api(env, seller2, 'GET', `/documents/${myEvidence[0]}/content`)).statusCode).toBe(404);
    for (const id of [filed.docs.certificate, ...filed.docs.evidence]) {
      expect((await api(env, outsider, 'GET', `/documents/${id}/content`)).statusCode).toBe(404);
    }
  });

  it.each([
    ['the seller named in the complaint', () => seller1],
    ['another seller named in it', () => seller2],
    ['an unrelated seller', () => outsider],
    ['another complainant', () => otherComplainant],
    ['an agent', () => agent],
  ])('never lets %s reach a private field on any GET route', async (_who, who) => {
    const user = who();
    const urls = await everyGetUrl();
    expect(urls.length).toBeGreaterThan(20);
    let answered = 0;
    for (const url of urls) {
      const res = await env.app.inject({ method: 'GET', url, headers: user.auth });
      if (res.statusCode >= 300) continue;
      answered += 1;
      assertNoPrivateData(res.body, `${url} (${res.statusCode})`);
    }
    // /me, /notices and the party's own lists answer at least; the check above ran on real bodies.
    expect(answered).toBeGreaterThan(2);
  });

  it('keeps the complaint itself (with phone and identity documents) from every respondent', async () => {
    for (const user of [seller1, seller2, outsider]) {
      for (const url of [
        `/complaints/${filed.complaintId}`,
        `/complaints/${filed.complaintId}/items`,
        `/complaints/${filed.complaintId}/history`,
        `/complaints/${filed.complaintId}/measures`,
        `/ip-rights/${filed.rightId}`,
      ]) {
        const res = await api(env, user, 'GET', url);
        expect([403, 404], url).toContain(res.statusCode);
      }
    }
  });

  it('shows the counter-notice to its seller and the staff, to the complainant only once forwarded and without the phone', async () => {
    expect((await api(env, seller1, 'GET', `/counter-notices/${counterNoticeId}`)).statusCode).toBe(200);
    expect((await api(env, seller2, 'GET', `/counter-notices/${counterNoticeId}`)).statusCode).toBe(404);
    expect((await api(env, complainant, 'GET', `/counter-notices/${counterNoticeId}`)).statusCode).toBe(404);
    expect((await api(env, otherComplainant, 'GET', `/counter-notices/${counterNoticeId}`)).statusCode).toBe(404);
    const full = await ok(await api(env, reviewer, 'GET', `/counter-notices/${counterNoticeId}`));
    expect(full.contactPhone).toBe('+86 755 8888 9999');
    const listed = await ok(await api(env, seller2, 'GET', '/counter-notices'));
    expect(listed.data).toHaveLength(0);
  });

  it('refuses a counter-notice on items of another seller, naming the field', async () => {
    const other = await ok(await api(env, seller2, 'GET', `/respondent/complaints/${filed.complaintId}`));
    const evidence = await upload(env, seller1, 'counter_evidence');
    const res = await api(env, seller1, 'POST', '/counter-notices', {
      complaintId: filed.complaintId,
      itemIds: [other.items[0].id],
      contactName: 'Shop P1',
      contactEmail: 'p1@shop.example',
      statement: 'Not ours but we object.',
      evidenceDocumentIds: [evidence],
    });
    expect(res.statusCode).toBe(404);
  });
});
