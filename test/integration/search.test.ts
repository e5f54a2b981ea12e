import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, ok } from '../support/case-factories.ts';
import { makeUser, startTestApp, type TestEnv, type TestUser } from '../support/harness.ts';

let env: TestEnv;
let complainant: TestUser;
let reviewer: TestUser;
let complaintId: string;

const item = (i: number, title: string, description: string) => ({
  listingUrl: `https://shop.example/listing/${i}`,
  sellerExternalId: `S-search-${i}`,
  title,
  description,
  infringementType: 'counterfeit',
});

beforeAll(async () => {
  env = await startTestApp();
  complainant = await makeUser(env, 'complainant');
  reviewer = await makeUser(env, 'reviewer');
  const created = await ok(
    await api(env, complainant, 'POST', '/complaints', {
      complainantKind: 'enterprise',
      complainantName: 'Brand Co., Ltd.',
      contactEmail: 'ip@brand.example',
      items: [
        item(1, '运动鞋 2024 新款', '这是一双假冒耐克运动鞋，鞋舌上的标志近似我方注册商标。'),
        item(2, 'Running SNEAKERS, limited', 'The swoosh copies our registered trademark.'),
        item(3, '耐心的店主', 'Photos copied from our catalogue: 100% identical.'),
        item(4, 'T-shirt', '盗用我方摄影作品。'),
      ],
    }),
    201,
  );
  complaintId = created.id;
});
afterAll(async () => env.close());

async function search(user: TestUser | undefined, q: string, limit?: number) {
  const qs = new URLSearchParams({ q, ...(limit ? { limit: String(limit) } : {}) });
  return api(env, user, 'GET', `/items/search?${qs}`);
}

const seqs = (body: { data: { seq: number }[] }) => body.data.map((h) => h.seq).sort();

describe('item search (GET /items/search)', () => {
  it('finds a two-character Chinese word inside a sentence without spaces', async () => {
    const body = await ok(await search(reviewer, '耐克'));
    expect(seqs(body)).toEqual([1]);
    expect(body.data[0]).toMatchObject({ complaintId, seq: 1, description: expect.stringContaining('耐克') });
  });

  it('finds one Chinese character and longer Chinese words, in titles and descriptions', async () => {
    expect(seqs(await ok(await search(reviewer, '鞋')))).toEqual([1]);
    expect(seqs(await ok(await search(reviewer, '运动鞋')))).toEqual([1]);
    expect(seqs(await ok(await search(reviewer, '摄影作品')))).toEqual([4]);
    expect(seqs(await ok(await search(reviewer, '耐心')))).toEqual([3]);
  });

  it('does not match characters that are only near each other', async () => {
    expect((await ok(await search(reviewer, '克心'))).data).toEqual([]);
  });

  it('finds English substrings in any case', async () => {
    expect(seqs(await ok(await search(reviewer, 'sneaker')))).toEqual([2]);
    expect(seqs(await ok(await search(reviewer, 'REGISTERED TRADEMARK')))).toEqual([2]);
  });

  it('takes % and _ literally', async () => {
    expect(seqs(await ok(await search(reviewer, '100%')))).toEqual([3]);
    expect((await ok(await search(reviewer, '%_%'))).data).toEqual([]);
  });

  it('returns at most `limit` items and says when there are more', async () => {
    const body = await ok(await search(reviewer, 'https', 1));
    expect(body.data.length).toBeLessThanOrEqual(1);
    const all = await ok(await search(reviewer, '我方'));
    expect(seqs(all)).toEqual([1, 4]);
    const one = await ok(await search(reviewer, '我方', 1));
    expect(one.data).toHaveLength(1);
    expect(one.more).toBe(true);
  });

  it('refuses an empty query, naming the field', async () => {
    const res = await search(reviewer, '   ');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('q');
  });

  it('is open to reviewers and admins only', async () => {
    const admin = await makeUser(env, 'admin');
    expect(seqs(await ok(await search(admin, '耐克')))).toEqual([1]);
    for (const role of ['complainant', 'agent', 'respondent'] as const) {
      const user = role === 'complainant' ? complainant : await makeUser(env, role);
      expect((await search(user, '耐克')).statusCode, role).toBe(403);
    }
    expect((await search(undefined, '耐克')).statusCode).toBe(401);
  });
});
