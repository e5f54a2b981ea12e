import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poaCovers } from '../../src/domain/authorization-scope.ts';
import type { Role } from '../../src/domain/roles.ts';
import { makeUser, startTestApp, type TestEnv, type TestUser } from '../support/harness.ts';
import { multipart, pdf } from '../support/sample-files.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestApp();
});
afterAll(async () => env.close());

type Method = 'GET' | 'POST';
const call = (user: TestUser | undefined, method: Method, url: string, payload?: object) =>
  env.app.inject({ method, url: `/api/v1${url}`, headers: user?.auth ?? {}, ...(payload ? { payload } : {}) });

async function uploadDoc(user: TestUser, kind = 'registration_certificate'): Promise<string> {
  const form = multipart({ kind }, { filename: 'proof.pdf', bytes: pdf() });
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/v1/documents',
    payload: form.payload,
    headers: { ...form.headers, ...user.auth },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

async function trademarkBody(user: TestUser, over: Record<string, unknown> = {}) {
  return {
    type: 'trademark',
    registrationNumber: `TM-${Math.random().toString(36).slice(2, 10)}`,
    jurisdiction: 'CN',
    ownerName: 'Hangzhou Example Co., Ltd.',
    validFrom: '2020-03-01',
    validTo: '2030-02-28',
    classes: ['9', '25'],
    documentIds: [await uploadDoc(user)],
    ...over,
  };
}

async function registerRight(user: TestUser, over: Record<string, unknown> = {}) {
  const res = await call(user, 'POST', '/ip-rights', await trademarkBody(user, over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function registerPoa(agent: TestUser, rightIds: string[], over: Record<string, unknown> = {}) {
  const res = await call(agent, 'POST', '/powers-of-attorney', {
    principalName: 'Hangzhou Example Co., Ltd.',
    scope: 'file and handle infringement complaints, supply corrections and answer counter-notices',
    rightIds,
    validFrom: '2025-01-01',
    validTo: '2026-12-31',
    documentId: await uploadDoc(agent, 'power_of_attorney'),
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const fieldsOf = (res: { json(): { errors?: { field: string }[] } }) => (res.json().errors ?? []).map((e) => e.field);

/** Each role's outcome; `owner` is the party that created the record, `other` one more of its role. */
async function expectAccess(
  owner: TestUser,
  expected: Partial<Record<Role | 'owner' | 'other', number>>,
  request: (user: TestUser) => Promise<{ statusCode: number }>,
) {
  for (const [who, status] of Object.entries(expected)) {
    const user = who === 'owner' ? owner : await makeUser(env, who === 'other' ? owner.role : (who as Role));
    expect((await request(user)).statusCode, who).toBe(status);
  }
}

describe('IP rights', () => {
  it('registers a trademark for a complainant or an agent, unverified, with its documents', async () => {
    for (const role of ['complainant', 'agent'] as const) {
      const user = await makeUser(env, role);
      const body = await trademarkBody(user, { jurisdiction: 'cn', classes: ['09', '25', '9'] });
      const res = await call(user, 'POST', '/ip-rights', body);
      expect(res.statusCode, role).toBe(201);
      expect(res.json()).toMatchObject({
        holderId: user.id,
        type: 'trademark',
        jurisdiction: 'CN',
        classes: ['9', '25'],
        documentIds: body.documentIds,
        verification: 'unverified',
        verifiedBy: null,
      });
    }
  });

  it('refuses other roles and the unauthenticated', async () => {
    for (const role of ['respondent', 'reviewer', 'admin'] as const) {
      const user = await makeUser(env, role);
      expect((await call(user, 'POST', '/ip-rights', await trademarkBody(user))).statusCode, role).toBe(403);
    }
    expect((await call(undefined, 'POST', '/ip-rights', {})).statusCode).toBe(401);
    const readOnly = await makeUser(env, 'complainant', { scopes: ['rights:read', 'documents:write'] });
    expect((await call(readOnly, 'POST', '/ip-rights', await trademarkBody(readOnly))).statusCode).toBe(403);
  });

  it('needs a registration number for a trademark or patent, and for a copyright without one a subject and evidence', async () => {
    const user = await makeUser(env, 'complainant');
    for (const type of ['trademark', 'patent']) {
      const res = await call(
        user,
        'POST',
        '/ip-rights',
        await trademarkBody(user, { type, registrationNumber: undefined }),
      );
      expect(res.statusCode).toBe(400);
      expect(fieldsOf(res)).toContain('registrationNumber');
    }
    const copyright = { type: 'copyright', registrationNumber: undefined, classes: undefined };
    const noSubject = await call(user, 'POST', '/ip-rights', await trademarkBody(user, copyright));
    expect(fieldsOf(noSubject)).toEqual(['subject']);
    const noEvidence = await call(
      user,
      'POST',
      '/ip-rights',
      await trademarkBody(user, { ...copyright, subject: 'Panda illustration series' }),
    );
    expect(fieldsOf(noEvidence)).toEqual(['documentIds']);
    const ok = await call(
      user,
      'POST',
      '/ip-rights',
      await trademarkBody(user, {
        ...copyright,
        subject: 'Panda illustration series',
        documentIds: [await uploadDoc(user, 'evidence')],
      }),
    );
    expect(ok.statusCode).toBe(201);
    expect(ok.json().registrationNumber).toBeNull();
  });

  it('names the bad field: dates out of order, jurisdiction, Nice class, documents', async () => {
    const user = await makeUser(env, 'complainant');
    const other = await makeUser(env, 'complainant');
    const cases: [Record<string, unknown>, string][] = [
      [{ validFrom: '2030-01-01', validTo: '2020-01-01' }, 'validTo'],
      [{ validFrom: '2020-02-30' }, 'validFrom'],
      [{ jurisdiction: 'XX' }, 'jurisdiction'],
      [{ jurisdiction: 'China' }, 'jurisdiction'],
      [{ classes: ['9', '46'] }, 'classes.1'],
      [{ documentIds: [] }, 'documentIds'],
      [{ documentIds: [await uploadDoc(other)] }, 'documentIds.0'],
      [{ documentIds: [await uploadDoc(user, 'id_document')] }, 'documentIds.0'],
      [{ documentIds: ['00000000-0000-4000-8000-000000000000'] }, 'documentIds.0'],
      [{ ownerName: '  ' }, 'ownerName'],
    ];
    for (const [over, field] of cases) {
      const res = await call(user, 'POST', '/ip-rights', await trademarkBody(user, over));
      expect(res.statusCode, field).toBe(400);
      expect(fieldsOf(res), field).toContain(field);
    }
    for (const jurisdiction of ['US', 'EU', 'WIPO']) {
      expect((await call(user, 'POST', '/ip-rights', await trademarkBody(user, { jurisdiction }))).statusCode).toBe(
        201,
      );
    }
  });

  it('refuses the same registration twice from one holder, and replays an Idempotency-Key', async () => {
    const user = await makeUser(env, 'complainant');
    const body = await trademarkBody(user);
    const headers = { ...user.auth, 'idempotency-key': 'right-1' };
    const first = await env.app.inject({ method: 'POST', url: '/api/v1/ip-rights', headers, payload: body });
    const replay = await env.app.inject({ method: 'POST', url: '/api/v1/ip-rights', headers, payload: body });
    expect(replay.json().id).toBe(first.json().id);
    const again = await call(user, 'POST', '/ip-rights', body);
    expect(again.statusCode).toBe(409);
    expect(fieldsOf(again)).toEqual(['registrationNumber']);
  });

  it('shows a right to its holder, reviewers and admins only', async () => {
    const holder = await makeUser(env, 'complainant');
    const right = await registerRight(holder);
    await expectAccess(
      holder,
      { owner: 200, other: 404, agent: 404, respondent: 404, reviewer: 200, admin: 200 },
      (u) => call(u, 'GET', `/ip-rights/${right.id}`),
    );
    expect((await call(undefined, 'GET', `/ip-rights/${right.id}`)).statusCode).toBe(401);
  });

  it('lists own rights; reviewers and admins list all, by holder and verification', async () => {
    const holder = await makeUser(env, 'agent');
    const right = await registerRight(holder);
    await registerRight(await makeUser(env, 'complainant'));
    const own = await call(holder, 'GET', '/ip-rights');
    expect(own.json().data.map((r: { id: string }) => r.id)).toEqual([right.id]);
    expect((await call(holder, 'GET', `/ip-rights?holderId=${right.holderId}`)).statusCode).toBe(200);
    const reviewer = await makeUser(env, 'reviewer');
    expect((await call(holder, 'GET', `/ip-rights?holderId=${reviewer.id}`)).statusCode).toBe(403);
    await expectAccess(holder, { complainant: 200, respondent: 403, reviewer: 200, admin: 200 }, (u) =>
      call(u, 'GET', '/ip-rights'),
    );
    const all = (await call(reviewer, 'GET', '/ip-rights?limit=200')).json().data;
    expect(all.length).toBeGreaterThan(1);
    const byHolder = (await call(reviewer, 'GET', `/ip-rights?holderId=${holder.id}&verification=unverified`)).json();
    expect(byHolder.data.map((r: { id: string }) => r.id)).toEqual([right.id]);
    expect(byHolder.nextOffset).toBeNull();
    expect((await call(reviewer, 'GET', `/ip-rights?holderId=${holder.id}&verification=verified`)).json().data).toEqual(
      [],
    );
    expect((await call(undefined, 'GET', '/ip-rights')).statusCode).toBe(401);
  });

  it('records a reviewer’s verification; only reviewers and admins decide, and a rejection states why', async () => {
    const holder = await makeUser(env, 'complainant');
    const right = await registerRight(holder);
    const url = `/ip-rights/${right.id}/verification`;
    await expectAccess(holder, { owner: 403, agent: 403, respondent: 403 }, (u) =>
      call(u, 'POST', url, { decision: 'verified' }),
    );
    expect((await call(undefined, 'POST', url, { decision: 'verified' })).statusCode).toBe(401);
    const reviewer = await makeUser(env, 'reviewer');
    const noReason = await call(reviewer, 'POST', url, { decision: 'rejected' });
    expect(fieldsOf(noReason)).toEqual(['note']);
    const done = await call(reviewer, 'POST', url, { decision: 'verified', note: 'matches the CNIPA register' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ verification: 'verified', verifiedBy: reviewer.id });
    expect(Date.parse(done.json().verifiedAt)).not.toBeNaN();
    const admin = await makeUser(env, 'admin');
    const rejected = await call(admin, 'POST', url, { decision: 'rejected', note: 'certificate forged' });
    expect(rejected.json()).toMatchObject({ verification: 'rejected', verifiedBy: admin.id });
    const missing = await call(reviewer, 'POST', '/ip-rights/00000000-0000-4000-8000-000000000000/verification', {
      decision: 'verified',
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe('powers of attorney', () => {
  it('registers an agent’s power for rights it registered, with a power_of_attorney document', async () => {
    const agent = await makeUser(env, 'agent');
    const rights = [await registerRight(agent), await registerRight(agent)];
    const poa = await registerPoa(
      agent,
      rights.map((r) => r.id),
      { validTo: undefined },
    );
    expect(poa).toMatchObject({ agentId: agent.id, validTo: null, verification: 'unverified' });
    expect(poaCovers(poa, [rights[0].id], '2025-06-01')).toEqual({ ok: true });
    expect(poaCovers(poa, [rights[0].id], '2024-06-01').ok).toBe(false);
  });

  it('lets only agents register one', async () => {
    for (const role of ['complainant', 'respondent', 'reviewer', 'admin'] as const) {
      const user = await makeUser(env, role);
      const res = await call(user, 'POST', '/powers-of-attorney', {
        principalName: 'X',
        scope: 'complaints',
        rightIds: ['00000000-0000-4000-8000-000000000000'],
        validFrom: '2025-01-01',
        documentId: await uploadDoc(user, 'power_of_attorney'),
      });
      expect(res.statusCode, role).toBe(403);
    }
    expect((await call(undefined, 'POST', '/powers-of-attorney', {})).statusCode).toBe(401);
  });

  it('names each bad right, the document and the dates', async () => {
    const agent = await makeUser(env, 'agent');
    const mine = await registerRight(agent);
    const rejected = await registerRight(agent);
    const reviewer = await makeUser(env, 'reviewer');
    await call(reviewer, 'POST', `/ip-rights/${rejected.id}/verification`, { decision: 'rejected', note: 'expired' });
    const foreign = await registerRight(await makeUser(env, 'agent'));
    const res = await call(agent, 'POST', '/powers-of-attorney', {
      principalName: 'Owner',
      scope: 'file complaints',
      rightIds: [mine.id, foreign.id, rejected.id],
      validFrom: '2025-01-01',
      documentId: await uploadDoc(agent, 'evidence'),
    });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual(['rightIds.1', 'rightIds.2', 'documentId']);
    const dates = await call(agent, 'POST', '/powers-of-attorney', {
      principalName: 'Owner',
      scope: 'file complaints',
      rightIds: [mine.id],
      validFrom: '2025-01-01',
      validTo: '2024-12-31',
      documentId: await uploadDoc(agent, 'power_of_attorney'),
    });
    expect(fieldsOf(dates)).toEqual(['validTo']);
    const noScope = await call(agent, 'POST', '/powers-of-attorney', {
      principalName: 'Owner',
      rightIds: [mine.id],
      validFrom: '2025-01-01',
      documentId: await uploadDoc(agent, 'power_of_attorney'),
    });
    expect(fieldsOf(noScope)).toEqual(['scope']);
  });

  it('shows a power to its agent, reviewers and admins only, and lists them likewise', async () => {
    const agent = await makeUser(env, 'agent');
    const poa = await registerPoa(agent, [(await registerRight(agent)).id]);
    await expectAccess(
      agent,
      { owner: 200, other: 404, complainant: 404, respondent: 404, reviewer: 200, admin: 200 },
      (u) => call(u, 'GET', `/powers-of-attorney/${poa.id}`),
    );
    expect((await call(undefined, 'GET', `/powers-of-attorney/${poa.id}`)).statusCode).toBe(401);
    expect((await call(agent, 'GET', '/powers-of-attorney')).json().data.map((p: { id: string }) => p.id)).toEqual([
      poa.id,
    ]);
    await expectAccess(agent, { other: 200, complainant: 403, respondent: 403, reviewer: 200, admin: 200 }, (u) =>
      call(u, 'GET', '/powers-of-attorney'),
    );
    const admin = await makeUser(env, 'admin');
    const mine = (await call(admin, 'GET', `/powers-of-attorney?agentId=${agent.id}`)).json();
    expect(mine.data.map((p: { id: string }) => p.id)).toEqual([poa.id]);
    expect((await call(undefined, 'GET', '/powers-of-attorney')).statusCode).toBe(401);
  });

  it('records the reviewer’s decision; a rejected power covers nothing', async () => {
    const agent = await makeUser(env, 'agent');
    const right = await registerRight(agent);
    const poa = await registerPoa(agent, [right.id]);
    const url = `/powers-of-attorney/${poa.id}/verification`;
    await expectAccess(agent, { owner: 403, complainant: 403, respondent: 403 }, (u) =>
      call(u, 'POST', url, { decision: 'verified' }),
    );
    expect((await call(undefined, 'POST', url, { decision: 'verified' })).statusCode).toBe(401);
    const verified = await call(await makeUser(env, 'admin'), 'POST', url, { decision: 'verified' });
    expect(verified.json().verification).toBe('verified');
    const reviewer = await makeUser(env, 'reviewer');
    const rejected = await call(reviewer, 'POST', url, { decision: 'rejected', note: 'no seal on the power' });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ verification: 'rejected', verificationNote: 'no seal on the power' });
    expect(poaCovers(rejected.json(), [right.id], '2025-06-01').ok).toBe(false);
    const filtered = await call(reviewer, 'GET', `/powers-of-attorney?agentId=${agent.id}&verification=rejected`);
    expect(filtered.json().data).toHaveLength(1);
  });
});
