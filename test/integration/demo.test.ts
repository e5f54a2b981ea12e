import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/cli/demo.ts';
import { startTestApp, type TestEnv } from '../support/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestApp();
});
afterAll(async () => env.close());

async function login(email: string, password: string) {
  const res = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  expect(res.statusCode, email).toBe(200);
  return { cookies: { rd_session: res.cookies.find((c) => c.name === 'rd_session')!.value } };
}

describe('demo data (npm start)', () => {
  it('seeds every role once, with three complaints in the queue, and is idempotent', async () => {
    const logins = await seedDemo(env.ctx);
    expect(logins.map((l) => l.email)).toEqual([
      'brand@demo.rightsdesk',
      'artist@demo.rightsdesk',
      'agent@demo.rightsdesk',
      'seller1@demo.rightsdesk',
      'seller2@demo.rightsdesk',
      'reviewer@demo.rightsdesk',
      'admin@demo.rightsdesk',
    ]);
    expect(new Set(logins.map((l) => l.password))).toEqual(new Set(['rightsdesk-demo']));
    expect(await seedDemo(env.ctx)).toEqual(logins);

    const reviewer = await login('reviewer@demo.rightsdesk', 'rightsdesk-demo');
    const queue = (await env.app.inject({ method: 'GET', url: '/api/v1/complaints', ...reviewer })).json();
    expect(queue.data.map((c: { status: string }) => c.status).sort()).toEqual([
      'draft',
      'needs_correction',
      'submitted',
    ]);

    const submitted = queue.data.find((c: { status: string }) => c.status === 'submitted');
    const detail = (
      await env.app.inject({ method: 'GET', url: `/api/v1/complaints/${submitted.id}`, ...reviewer })
    ).json();
    expect(detail.checklist).toEqual([]);
    const items = (
      await env.app.inject({ method: 'GET', url: `/api/v1/complaints/${submitted.id}/items`, ...reviewer })
    ).json().data;
    expect(items.map((i: { sellerExternalId: string }) => i.sellerExternalId)).toEqual(['SHOP-1001', 'SHOP-2002']);
    expect(items.every((i: { sellerId: string | null }) => i.sellerId)).toBe(true);

    const corrected = queue.data.find((c: { status: string }) => c.status === 'needs_correction');
    const open = (
      await env.app.inject({ method: 'GET', url: `/api/v1/complaints/${corrected.id}`, ...reviewer })
    ).json();
    expect(open.openCorrectionRequest.missing).toEqual([expect.objectContaining({ code: 'contact_phone' })]);

    const agent = await login('agent@demo.rightsdesk', 'rightsdesk-demo');
    const mine = (await env.app.inject({ method: 'GET', url: '/api/v1/complaints', ...agent })).json();
    expect(mine.data.map((c: { status: string }) => c.status)).toEqual(['draft']);
    const draft = (
      await env.app.inject({ method: 'GET', url: `/api/v1/complaints/${mine.data[0].id}`, ...agent })
    ).json();
    expect(draft.checklist.map((e: { code: string }) => e.code)).toEqual(['statement']);
  });
});
