import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/roles.ts';
import { makeUser, startTestApp, type TestEnv, type TestUser } from '../support/harness.ts';

/** Every route of the case workflow, tried by every role and without a login (issue 2 §3, SPEC §8). */
let env: TestEnv;
const users = {} as Record<Role, TestUser>;
const roles: Role[] = ['complainant', 'agent', 'respondent', 'reviewer', 'admin'];
const someId = '00000000-0000-4000-8000-000000000001';

beforeAll(async () => {
  env = await startTestApp({ RIGHTSDESK_TEST_CLOCK: '1' });
  for (const role of roles) users[role] = await makeUser(env, role);
});
afterAll(async () => env.close());

const evidence = [someId];
const routes: { method: 'GET' | 'POST'; url: string; body?: unknown; allowed: Role[] }[] = [
  { method: 'GET', url: '/respondent/complaints', allowed: ['respondent'] },
  { method: 'GET', url: `/respondent/complaints/${someId}`, allowed: ['respondent'] },
  { method: 'GET', url: '/respondent/strikes', allowed: ['respondent'] },
  {
    method: 'POST',
    url: '/counter-notices',
    body: {
      complaintId: someId,
      itemIds: [someId],
      contactName: 'x',
      contactEmail: 'x@x.test',
      statement: 's',
      evidenceDocumentIds: evidence,
    },
    allowed: ['respondent'],
  },
  { method: 'GET', url: '/counter-notices', allowed: ['respondent', 'reviewer', 'admin'] },
  { method: 'GET', url: `/counter-notices/${someId}`, allowed: roles },
  {
    method: 'POST',
    url: `/counter-notices/${someId}/correction-requests`,
    body: { missing: [{ code: 'c', message: 'm' }] },
    allowed: ['reviewer', 'admin'],
  },
  { method: 'POST', url: `/counter-notices/${someId}/resubmit`, body: { statement: 'x' }, allowed: ['respondent'] },
  { method: 'POST', url: `/counter-notices/${someId}/forward`, allowed: ['reviewer', 'admin'] },
  { method: 'POST', url: `/counter-notices/${someId}/reject`, body: { reason: 'r' }, allowed: ['reviewer', 'admin'] },
  { method: 'POST', url: `/counter-notices/${someId}/withdraw`, body: {}, allowed: ['respondent'] },
  {
    method: 'POST',
    url: `/counter-notices/${someId}/legal-actions`,
    body: { kind: 'lawsuit', authority: 'a', caseNumber: 'c', documentId: someId },
    allowed: ['complainant', 'agent'],
  },
  { method: 'POST', url: `/items/${someId}/forward`, body: {}, allowed: ['reviewer', 'admin'] },
  {
    method: 'POST',
    url: `/items/${someId}/litigation-outcome`,
    body: { outcome: 'upheld', reason: 'r' },
    allowed: ['reviewer', 'admin'],
  },
  { method: 'GET', url: `/complaints/${someId}/measures`, allowed: ['reviewer', 'admin'] },
  { method: 'POST', url: `/measures/${someId}/outcome`, body: { outcome: 'applied' }, allowed: ['admin'] },
  { method: 'GET', url: '/notices', allowed: roles },
  { method: 'GET', url: '/test-clock', allowed: ['admin'] },
  { method: 'POST', url: '/test-clock/advance', body: { seconds: 1 }, allowed: ['admin'] },
];

describe.each(routes)('$method $url', ({ method, url, body, allowed }) => {
  it('refuses a request without a login', async () => {
    const res = await env.app.inject({ method, url: `/api/v1${url}`, ...(body ? { payload: body as object } : {}) });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it.each(roles)('answers %s by its role', async (role) => {
    const res = await env.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: users[role].auth,
      ...(body ? { payload: body as object } : {}),
    });
    if (allowed.includes(role)) {
      // Allowed through the gate: what remains is about the (made-up) resource, never the role.
      expect([200, 201, 400, 404, 409], res.body).toContain(res.statusCode);
    } else {
      expect(res.statusCode, res.body).toBe(403);
    }
  });
});
