import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/server/app.ts';
import { rateLimitsFromEnv } from '../../src/server/security.ts';
import { makeUser, PASSWORD, startTestApp, type TestEnv, type TestUser } from '../support/harness.ts';
import { expectHealthy, expectRefused, rowCounts } from '../support/hostile.ts';
import { multipart, pdf } from '../support/sample-files.ts';

/** Issue 9 item 6: rate limits, security headers, CSRF for cookie sessions. */
let env: TestEnv;
/** The same context with tight limits, so a test reaches them in a few requests. */
let limited: App;
beforeAll(async () => {
  env = await startTestApp();
  limited = await buildApp(env.ctx, { rateLimits: { loginPerMinute: 3, complaintsPerMinute: 2 } });
});
afterAll(async () => {
  await limited.close();
  await env.close();
});

const draftBody = { complainantKind: 'enterprise', complainantName: 'Brand', contactEmail: 'ip@brand.example' };

function login(app: App, email: string, password: string, ip = '203.0.113.7') {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });
}

describe('rate limits', () => {
  it('reads the limits from RIGHTSDESK_RATE_LIMIT_*, 0 turning one off', () => {
    expect(rateLimitsFromEnv({})).toEqual({ loginPerMinute: 10, complaintsPerMinute: 60 });
    expect(rateLimitsFromEnv({ RIGHTSDESK_RATE_LIMIT_LOGIN: '5', RIGHTSDESK_RATE_LIMIT_COMPLAINTS: '0' })).toEqual({
      loginPerMinute: 5,
      complaintsPerMinute: 0,
    });
  });

  it('slows password guessing per IP and e-mail with 429 problem+json and Retry-After', async () => {
    const victim = await makeUser(env, 'complainant');
    for (let i = 0; i < 3; i++) expect((await login(limited, victim.email, 'wrong password!')).statusCode).toBe(401);
    const refused = await login(limited, victim.email, PASSWORD);
    expectRefused(refused, 429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another address, or another account from this one, is not held back by it.
    expect((await login(limited, victim.email, PASSWORD, '198.51.100.9')).statusCode).toBe(200);
    const other = await makeUser(env, 'complainant');
    expect((await login(limited, other.email, PASSWORD)).statusCode).toBe(200);
  });

  it('limits complaint creation per actor, leaving reads and other actors alone', async () => {
    const [a, b] = [await makeUser(env, 'complainant'), await makeUser(env, 'complainant')];
    const create = (u: TestUser) =>
      limited.inject({ method: 'POST', url: '/api/v1/complaints', payload: draftBody, headers: u.auth });
    expect((await create(a)).statusCode).toBe(201);
    expect((await create(a)).statusCode).toBe(201);
    const before = await rowCounts(env);
    const refused = await create(a);
    expectRefused(refused, 429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await rowCounts(env)).toEqual(before);
    expect((await create(b)).statusCode).toBe(201);
    const list = await limited.inject({ method: 'GET', url: '/api/v1/complaints', headers: a.auth });
    expect(list.statusCode).toBe(200);
  });
});

describe('security headers', () => {
  it('sends helmet’s headers and a CSP without upgrade-insecure-requests', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toBeTruthy();
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('keeps /api/docs working: the page loads, and every script and style it names is same-origin and served', async () => {
    let res = await env.app.inject({ method: 'GET', url: '/api/docs' });
    if (res.statusCode === 302) res = await env.app.inject({ method: 'GET', url: String(res.headers.location) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const html = res.body;
    // The CSP allows scripts from 'self' only: the page may carry no inline script.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
    const refs = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThan(2);
    for (const ref of refs) {
      expect(ref).not.toMatch(/^(https?:)?\/\//);
      const url = new URL(ref, 'http://localhost/api/docs/').pathname;
      const asset = await env.app.inject({ method: 'GET', url });
      expect(asset.statusCode, url).toBe(200);
    }
    const spec = await env.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(spec.statusCode).toBe(200);
  });
});

describe('CSRF for cookie sessions', () => {
  let complainant: TestUser;
  let cookie: string;
  let csrfToken: string;
  beforeAll(async () => {
    complainant = await makeUser(env, 'complainant');
    const res = await login(env.app, complainant.email, PASSWORD);
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    cookie = setCookie.split(';')[0] as string;
    csrfToken = res.json().csrfToken;
  });

  /** A form or fetch from another site: the browser sends the cookie, never the token. */
  const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };

  it('refuses cross-site cookie POSTs, PATCHes and DELETEs without the token on several routes, changing nothing', async () => {
    const form = multipart({ kind: 'evidence' }, { filename: 'a.pdf', bytes: pdf() });
    const attempts = [
      { method: 'POST' as const, url: '/api/v1/complaints', payload: draftBody },
      { method: 'POST' as const, url: '/api/v1/ip-rights', payload: { type: 'copyright', ownerName: 'x' } },
      { method: 'POST' as const, url: '/api/v1/api-keys', payload: { name: 'stolen', scopes: ['admin'] } },
      { method: 'POST' as const, url: '/api/v1/documents', payload: form.payload, headers: form.headers },
      { method: 'PATCH' as const, url: '/api/v1/complaints/00000000-0000-4000-8000-000000000000', payload: {} },
      { method: 'DELETE' as const, url: '/api/v1/api-keys/00000000-0000-4000-8000-000000000000' },
    ];
    const before = await rowCounts(env);
    for (const a of attempts) {
      for (const token of [undefined, 'forged-token']) {
        const res = await env.app.inject({
          method: a.method,
          url: a.url,
          ...(a.payload === undefined ? {} : { payload: a.payload }),
          headers: { ...crossSite, ...(a.headers ?? {}), cookie, ...(token ? { 'x-csrf-token': token } : {}) },
        });
        expectRefused(res, 403);
        expect(res.json().title).toBe('CSRF token missing');
      }
    }
    expect(await rowCounts(env)).toEqual(before);
    await expectHealthy(env);
  });

  it('accepts the same request with the session’s token, and API keys need none', async () => {
    const withToken = await env.app.inject({
      method: 'POST',
      url: '/api/v1/complaints',
      payload: draftBody,
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(withToken.statusCode, withToken.body).toBe(201);
    const withKey = await env.app.inject({
      method: 'POST',
      url: '/api/v1/complaints',
      payload: draftBody,
      headers: { ...crossSite, ...complainant.auth },
    });
    expect(withKey.statusCode, withKey.body).toBe(201);
  });
});
