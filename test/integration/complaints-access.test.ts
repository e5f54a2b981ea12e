import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Filer, fileComplaint, itemFor, makeFiler } from '../support/factories.ts';
import { makeUser, startTestApp, type TestEnv, type TestUser } from '../support/harness.ts';

/**
 * SPEC §8: a party sees only its own complaints; every route has an authorization test for each
 * role. Filers may not see others' complaints (404, their existence is not revealed); respondents
 * are refused all of these routes (their redacted view is elsewhere); only the IP team reviews.
 */

let env: TestEnv;
let owner: Filer;
let parties: Record<string, TestUser | undefined>;
let draftId: string;
let submittedId: string;
let itemId: string;

beforeAll(async () => {
  env = await startTestApp();
  owner = await makeFiler(env);
  parties = {
    owner: owner.user,
    'another complainant': await makeUser(env, 'complainant'),
    agent: await makeUser(env, 'agent'),
    respondent: await makeUser(env, 'respondent'),
    reviewer: await makeUser(env, 'reviewer'),
    admin: await makeUser(env, 'admin'),
    unauthenticated: undefined,
  };
  draftId = (await fileComplaint(env, owner)).id;
  submittedId = (await fileComplaint(env, owner, { submit: true })).id;
  itemId = (await call(env, owner.user, 'GET', `/complaints/${draftId}/items`)).json().data[0].id;
});
afterAll(async () => env.close());

type Method = 'GET' | 'POST' | 'PATCH';
interface RouteCase {
  method: Method;
  url: () => string;
  body?: () => Promise<unknown> | unknown;
  headers?: Record<string, string>;
  /** the expected status per party; `ok` means allowed (any answer but 401, 403 or 404). */
  expect: Record<string, number | 'ok'>;
}

const forFilerRead = {
  owner: 'ok',
  'another complainant': 404,
  agent: 404,
  respondent: 403,
  reviewer: 'ok',
  admin: 'ok',
  unauthenticated: 401,
} as const;
const forFilerWrite = {
  owner: 'ok',
  'another complainant': 404,
  agent: 404,
  respondent: 403,
  reviewer: 403,
  admin: 403,
  unauthenticated: 401,
} as const;
const forReview = {
  owner: 403,
  'another complainant': 403,
  agent: 403,
  respondent: 403,
  reviewer: 'ok',
  admin: 'ok',
  unauthenticated: 401,
} as const;

const routes: Record<string, RouteCase> = {
  'POST /complaints': {
    method: 'POST',
    url: () => '/complaints',
    body: () => ({ complainantKind: 'enterprise', complainantName: 'X', contactEmail: 'x@example.test' }),
    expect: {
      owner: 'ok',
      'another complainant': 'ok',
      agent: 'ok',
      respondent: 403,
      reviewer: 403,
      admin: 403,
      unauthenticated: 401,
    },
  },
  'GET /complaints': {
    method: 'GET',
    url: () => '/complaints',
    expect: { ...forFilerRead, 'another complainant': 'ok', agent: 'ok' },
  },
  'GET /complaints/:id': { method: 'GET', url: () => `/complaints/${draftId}`, expect: forFilerRead },
  'GET /complaints/:id/items': { method: 'GET', url: () => `/complaints/${draftId}/items`, expect: forFilerRead },
  'GET /complaints/:id/history': { method: 'GET', url: () => `/complaints/${draftId}/history`, expect: forFilerRead },
  'GET /complaints/:id/checklist': {
    method: 'GET',
    url: () => `/complaints/${draftId}/checklist`,
    expect: forFilerRead,
  },
  'PATCH /complaints/:id': {
    method: 'PATCH',
    url: () => `/complaints/${draftId}`,
    body: () => ({ complainantName: 'Renamed' }),
    expect: forFilerWrite,
  },
  'POST /complaints/:id/items': {
    method: 'POST',
    url: () => `/complaints/${draftId}/items`,
    body: async () => ({ items: [await itemFor(env, owner)] }),
    expect: forFilerWrite,
  },
  'POST /complaints/:id/items/csv': {
    method: 'POST',
    url: () => `/complaints/${draftId}/items/csv`,
    body: () => 'listingUrl,description,infringementType\nhttps://shop.example.test/z,Copy,counterfeit\n',
    headers: { 'content-type': 'text/csv' },
    expect: forFilerWrite,
  },
  'PATCH /complaints/:id/items/:itemId': {
    method: 'PATCH',
    url: () => `/complaints/${draftId}/items/${itemId}`,
    body: () => ({ title: 'Renamed listing' }),
    expect: forFilerWrite,
  },
  'POST /complaints/:id/submit': { method: 'POST', url: () => `/complaints/${draftId}/submit`, expect: forFilerWrite },
  'POST /complaints/:id/resubmit': {
    method: 'POST',
    url: () => `/complaints/${draftId}/resubmit`,
    expect: forFilerWrite,
  },
  'POST /complaints/:id/withdraw': {
    method: 'POST',
    url: () => `/complaints/${draftId}/withdraw`,
    expect: forFilerWrite,
  },
  'POST /complaints/:id/correction-requests': {
    method: 'POST',
    url: () => `/complaints/${submittedId}/correction-requests`,
    body: () => ({ missing: [{ code: 'item_evidence', message: 'a clearer screenshot' }] }),
    expect: forReview,
  },
  'POST /complaints/:id/accept': { method: 'POST', url: () => `/complaints/${submittedId}/accept`, expect: forReview },
  'POST /complaints/:id/reject': {
    method: 'POST',
    url: () => `/complaints/${submittedId}/reject`,
    body: () => ({ reasonCode: 'other', reason: 'Test.' }),
    expect: forReview,
  },
};

describe.each(Object.entries(routes))('%s', (_name, route) => {
  // Refusals first, so the allowed calls that change state come after them.
  const order = (e: Record<string, number | 'ok'>) =>
    Object.entries(e).sort(([, a], [, b]) => (a === 'ok' ? 1 : 0) - (b === 'ok' ? 1 : 0));

  it('answers each role as its rights say', async () => {
    for (const [party, expected] of order(route.expect)) {
      const body = route.body ? await route.body() : undefined;
      const res = await call(env, parties[party], route.method, route.url(), body, route.headers);
      if (expected === 'ok') expect([401, 403, 404], `${party}: ${res.body}`).not.toContain(res.statusCode);
      else expect(res.statusCode, `${party}: ${res.body}`).toBe(expected);
    }
  });
});

describe('API key scopes', () => {
  it('needs complaints:write to file, complaints:read to read and review to decide', async () => {
    const readOnly = await makeUser(env, 'complainant', { scopes: ['complaints:read'] });
    const writeOnly = await makeUser(env, 'complainant', { scopes: ['complaints:write'] });
    const reviewerNoReview = await makeUser(env, 'reviewer', { scopes: ['complaints:read'] });
    const body = { complainantKind: 'enterprise', complainantName: 'X', contactEmail: 'x@example.test' };
    expect((await call(env, readOnly, 'POST', '/complaints', body)).statusCode).toBe(403);
    expect((await call(env, writeOnly, 'GET', '/complaints')).statusCode).toBe(403);
    expect((await call(env, reviewerNoReview, 'GET', `/complaints/${submittedId}`)).statusCode).toBe(200);
    const fresh = await fileComplaint(env, owner, { submit: true });
    expect((await call(env, reviewerNoReview, 'POST', `/complaints/${fresh.id}/accept`)).statusCode).toBe(403);
  });

  it('answers 404 for a complaint that does not exist and 400 for a malformed id', async () => {
    const reviewer = parties.reviewer;
    expect((await call(env, reviewer, 'GET', '/complaints/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await call(env, reviewer, 'GET', '/complaints/not-a-uuid')).statusCode).toBe(400);
  });
});
