import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type TestUser } from '../support/harness.ts';
import { expectRefused } from '../support/hostile.ts';
import { startAppOnOwnServer } from '../support/own-server.ts';

/**
 * Issue 9 item 5: while the PostgreSQL server is down the API answers 503 problem+json quickly
 * (not 500, not a hang) and /health names the database; when it returns, the app recovers by
 * itself. Only against a real server: PGlite lives in the process and cannot go away.
 */
const onPostgres = process.env.RIGHTSDESK_TEST_DB === 'postgres';

describe.runIf(onPostgres)('the database going away', () => {
  let env: Awaited<ReturnType<typeof startAppOnOwnServer>>;
  let user: TestUser;
  beforeAll(async () => {
    env = await startAppOnOwnServer();
    user = await makeUser(env, 'complainant');
  }, 60_000);
  afterAll(async () => env?.close());

  const draft = { complainantKind: 'enterprise', complainantName: 'Brand', contactEmail: 'ip@brand.example' };
  const create = () =>
    env.app.inject({ method: 'POST', url: '/api/v1/complaints', payload: draft, headers: user.auth });
  const list = () => env.app.inject({ method: 'GET', url: '/api/v1/complaints', headers: user.auth });
  const health = () => env.app.inject({ method: 'GET', url: '/health' });
  const complaintCount = async () =>
    (
      (await env.ctx.database.db.execute(sql`SELECT count(*)::int AS n FROM complaints`)) as unknown as {
        rows: { n: number }[];
      }
    ).rows[0]?.n;

  it('answers 503 while the server is down and 200 again once it is back, without a restart', async () => {
    expect((await create()).statusCode).toBe(201);
    expect((await list()).statusCode).toBe(200);

    await env.server.halt();
    for (let round = 0; round < 3; round++) {
      const started = Date.now();
      const h = await health();
      expectRefused(h, 503, 'database');
      expect(h.headers['retry-after']).toBeTruthy();
      expectRefused(await list(), 503, 'database');
      expectRefused(await create(), 503, 'database');
      // Refused within the connection timeout (2 s here), not hanging.
      expect(Date.now() - started).toBeLessThan(10_000);
    }

    await env.server.start();
    let healthy = 0;
    for (let i = 0; i < 50 && healthy !== 200; i++) {
      healthy = (await health()).statusCode;
      if (healthy !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(healthy).toBe(200);
    expect((await list()).statusCode).toBe(200);
    expect((await create()).statusCode).toBe(201);
    // The requests refused with 503 wrote nothing.
    expect(await complaintCount()).toBe(2);
  }, 60_000);
});
