import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, PASSWORD, startTestApp, type TestEnv } from '../support/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestApp();
});
afterAll(async () => env.close());

describe('accounts and access', () => {
  it('logs in with a password, sets an httpOnly session cookie, and /me answers with a CSRF token', async () => {
    const user = await makeUser(env, 'reviewer');
    const login = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'rd_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    const me = await env.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { rd_session: cookie?.value ?? '' } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.role).toBe('reviewer');
    expect(me.json().csrfToken).toBe(login.json().csrfToken);
  });

  it('refuses a wrong password with problem+json', async () => {
    const user = await makeUser(env, 'complainant');
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: 'wrong password' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses a state change by cookie session without the CSRF header', async () => {
    const user = await makeUser(env, 'admin');
    const login = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: PASSWORD },
    });
    const rd_session = login.cookies.find((c) => c.name === 'rd_session')?.value ?? '';
    const body = { name: 'k', scopes: ['complaints:read'] };
    const without = await env.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      cookies: { rd_session },
      payload: body,
    });
    expect(without.statusCode).toBe(403);
    const withToken = await env.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      cookies: { rd_session },
      headers: { 'x-csrf-token': login.json().csrfToken },
      payload: body,
    });
    expect(withToken.statusCode).toBe(201);
    expect(withToken.json().key).toMatch(/^rd_/);
  });

  it('lets only admins create users, and names the bad field', async () => {
    const admin = await makeUser(env, 'admin');
    for (const role of ['complainant', 'agent', 'respondent', 'reviewer'] as const) {
      const u = await makeUser(env, role);
      const res = await env.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: u.auth,
        payload: { email: `x${role}@example.test`, name: 'X', role: 'reviewer', password: 'long enough password' },
      });
      expect(res.statusCode, role).toBe(403);
    }
    const bad = await env.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.auth,
      payload: { email: 'not-an-email', name: 'X', role: 'reviewer', password: 'long enough password' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('email');
    const ok = await env.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.auth,
      payload: {
        email: 'seller@example.test',
        name: 'Seller',
        role: 'respondent',
        password: 'long enough password',
        sellerExternalId: 'SHOP-1',
      },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().sellerId).toBeTruthy();
  });

  it('treats an unknown API key as unauthenticated', async () => {
    const res = await env.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Bearer rd_abcdefgh_notarealsecretnotarealsecret' },
    });
    expect(res.statusCode).toBe(401);
  });

  it('limits an API key to its scopes', async () => {
    const admin = await makeUser(env, 'admin', { scopes: ['complaints:read'] });
    const res = await env.app.inject({ method: 'GET', url: '/api/v1/users', headers: admin.auth });
    expect(res.statusCode).toBe(403);
  });

  it('replays a create with the same Idempotency-Key and refuses another body under it', async () => {
    const admin = await makeUser(env, 'admin');
    const payload = { email: 'idem@example.test', name: 'Idem', role: 'reviewer', password: 'long enough password' };
    const headers = { ...admin.auth, 'idempotency-key': 'create-idem-1' };
    const first = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload });
    const second = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    const other = await env.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers,
      payload: { ...payload, email: 'other@example.test' },
    });
    expect(other.statusCode).toBe(422);
  });

  it('publishes an OpenAPI 3.1 document', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().openapi).toBe('3.1.0');
    expect(Object.keys(res.json().paths)).toContain('/api/v1/users');
  });
});
