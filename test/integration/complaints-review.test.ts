import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintItems, correctionRequests, deadlines, ipRights, notices } from '../../src/db/schema/index.ts';
import { expireCorrection } from '../../src/services/corrections.ts';
import { call, fileComplaint, makeFiler, makePowerOfAttorney, makeRight } from '../support/factories.ts';
import { makeUser, startTestApp, type TestEnv, type TestUser } from '../support/harness.ts';

let env: TestEnv;
let reviewer: TestUser;
beforeAll(async () => {
  env = await startTestApp();
  reviewer = await makeUser(env, 'reviewer');
});
afterAll(async () => env.close());

const db = () => env.ctx.database.db;
/** The complaint's own events; item events follow from the acceptance effects, tested with them. */
const actions = async (user: TestUser, id: string) =>
  (await call(env, user, 'GET', `/complaints/${id}/history`))
    .json()
    .data.map((e: { action: string }) => e.action)
    .filter((a: string) => a.startsWith('complaint.'));

describe('review: correction, supplement, acceptance (seed 000 §二(二)1–2, 6)', () => {
  it('takes a complaint from filing through a correction request and supplement to acceptance', async () => {
    const filer = await makeFiler(env);
    const c = await fileComplaint(env, filer, { contactPhone: undefined, submit: true });

    // 409 names what is missing while the complaint is incomplete.
    const early = await call(env, reviewer, 'POST', `/complaints/${c.id}/accept`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().errors).toEqual([expect.objectContaining({ field: 'contactPhone' })]);

    // Without `missing`, the request names what the checklist finds; the deadline is 5 working days.
    const asked = await call(env, reviewer, 'POST', `/complaints/${c.id}/correction-requests`, {
      message: 'Please add a telephone number.',
    });
    expect(asked.statusCode).toBe(201);
    const { complaint, correctionRequest } = asked.json();
    expect(complaint.status).toBe('needs_correction');
    expect(correctionRequest.missing).toEqual([expect.objectContaining({ code: 'contact_phone' })]);
    expect(complaint.dueAt).toBe(correctionRequest.dueAt);
    expect(complaint.openCorrectionRequest.id).toBe(correctionRequest.id);
    const [deadline] = await db()
      .select()
      .from(deadlines)
      .where(eq(deadlines.correctionRequestId, correctionRequest.id));
    expect(deadline).toMatchObject({ kind: 'correction', status: 'pending', complaintId: c.id });
    expect(deadline!.dueAt.toISOString()).toBe(correctionRequest.dueAt);
    const inbox = await db().select().from(notices).where(eq(notices.complaintId, c.id));
    expect(inbox.map((n) => n.kind)).toContain('correction_requested');

    // The complainant supplies the phone and submits again (event supplement).
    expect(
      (await call(env, filer.user, 'PATCH', `/complaints/${c.id}`, { contactPhone: '+86 21 5555 0000' })).statusCode,
    ).toBe(200);
    const again = await call(env, filer.user, 'POST', `/complaints/${c.id}/resubmit`, { note: 'Phone added.' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'submitted', openCorrectionRequest: null, checklist: [] });
    const [answered] = await db()
      .select()
      .from(correctionRequests)
      .where(eq(correctionRequests.id, correctionRequest.id));
    expect(answered).toMatchObject({ status: 'answered' });
    const [cancelled] = await db().select().from(deadlines).where(eq(deadlines.id, deadline!.id));
    expect(cancelled!.status).toBe('cancelled');

    const accepted = await call(env, reviewer, 'POST', `/complaints/${c.id}/accept`, { note: 'Complete.' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({
      status: 'accepted',
      decidedBy: reviewer.id,
      decision: { action: 'accept' },
    });
    expect(accepted.json().decidedAt).toBeTruthy();

    expect(await actions(filer.user, c.id)).toEqual([
      'complaint.created',
      'complaint.items_added',
      'complaint.submit',
      'complaint.request_correction',
      'complaint.updated',
      'complaint.supplement',
      'complaint.accept',
    ]);
    const history = (await call(env, reviewer, 'GET', `/complaints/${c.id}/history`)).json().data;
    const transitions = history.filter(
      (e: { fromState: string | null; itemId: string | null }) => e.fromState && !e.itemId,
    );
    expect(transitions.map((e: { fromState: string; toState: string }) => `${e.fromState}>${e.toState}`)).toEqual([
      'draft>submitted',
      'submitted>needs_correction',
      'needs_correction>submitted',
      'submitted>accepted',
    ]);
    expect(history.find((e: { action: string }) => e.action === 'complaint.accept').actor).toMatchObject({
      id: reviewer.id,
      role: 'reviewer',
    });
    const kinds = (await db().select().from(notices).where(eq(notices.complaintId, c.id))).map((n) => n.kind);
    expect(kinds).toContain('complaint_accepted');
  });

  it('accepts an agent’s complaint only with a power of attorney covering every cited right (seed 000 §二(一)2(2)b)', async () => {
    const agent = await makeFiler(env, 'agent');
    const second = await makeRight(env, agent.user);
    const narrow = await makePowerOfAttorney(env, agent.user, [agent.rightId]);
    const c = await fileComplaint(env, agent, {
      rightIds: [agent.rightId, second],
      powerOfAttorneyId: narrow,
      submit: true,
    });
    const refused = await call(env, reviewer, 'POST', `/complaints/${c.id}/accept`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'powerOfAttorneyId' })]);
    const expired = await makePowerOfAttorney(env, agent.user, [agent.rightId, second], { validTo: '2021-01-01' });
    const c2 = await fileComplaint(env, agent, {
      rightIds: [agent.rightId, second],
      powerOfAttorneyId: expired,
      submit: true,
    });
    const detail = (await call(env, agent.user, 'GET', `/complaints/${c2.id}`)).json();
    expect(detail.checklist[0].message).toContain('expired');
    const without = await fileComplaint(env, agent, { powerOfAttorneyId: undefined, submit: true });
    const check = (await call(env, reviewer, 'GET', `/complaints/${without.id}/checklist`)).json();
    expect(check.checklist.map((e: { code: string }) => e.code)).toEqual(['power_of_attorney']);
    const good = await fileComplaint(env, agent, { submit: true });
    expect((await call(env, reviewer, 'POST', `/complaints/${good.id}/accept`, {})).statusCode).toBe(200);
  });

  it('passes per-item decisions to acceptance only when well formed', async () => {
    const filer = await makeFiler(env);
    const c = await fileComplaint(env, filer, { submit: true });
    const bad = await call(env, reviewer, 'POST', `/complaints/${c.id}/accept`, {
      items: [{ itemId: 'nope', decision: 'burn' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['items.0.itemId', 'items.0.decision']);
  });

  it('takes a reviewer-given dueAt and refuses one in the past', async () => {
    const filer = await makeFiler(env);
    const c = await fileComplaint(env, filer, { submit: true });
    const past = await call(env, reviewer, 'POST', `/complaints/${c.id}/correction-requests`, {
      missing: [{ code: 'item_evidence', field: 'items.0.evidenceDocumentIds', message: 'a clearer screenshot' }],
      dueAt: '2000-01-01T00:00:00Z',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].field).toBe('dueAt');
    const dueAt = new Date(env.clock.now().getTime() + 10 * 86_400_000).toISOString();
    const ok = await call(env, reviewer, 'POST', `/complaints/${c.id}/correction-requests`, {
      missing: [{ code: 'item_evidence', field: 'items.0.evidenceDocumentIds', message: 'a clearer screenshot' }],
      dueAt,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().correctionRequest.dueAt).toBe(dueAt);
  });

  it('judges the cited right as it stands now: rejected or lapsed after filing (seed 000 §二(二)1)', async () => {
    const filer = await makeFiler(env);
    const lapsing = await makeRight(env, filer.user, { validTo: '2099-12-31' });
    const c = await fileComplaint(env, filer, { rightIds: [filer.rightId, lapsing], submit: true });
    expect((await call(env, reviewer, 'GET', `/complaints/${c.id}`)).json().checklist).toEqual([]);

    const rejected = await call(env, reviewer, 'POST', `/ip-rights/${filer.rightId}/verification`, {
      decision: 'rejected',
      note: 'The certificate is for another mark.',
    });
    expect(rejected.statusCode).toBe(200);
    await db().update(ipRights).set({ validTo: '2021-06-30' }).where(eq(ipRights.id, lapsing));
    const check = (await call(env, reviewer, 'GET', `/complaints/${c.id}/checklist`)).json();
    expect(check.complete).toBe(false);
    expect(check.checklist).toEqual([
      expect.objectContaining({
        code: 'right_unusable',
        field: 'rightIds.0',
        message: expect.stringContaining('rejected'),
      }),
      expect.objectContaining({
        code: 'right_unusable',
        field: 'rightIds.1',
        message: expect.stringContaining('2021-06-30'),
      }),
      expect.objectContaining({ code: 'ownership_proof' }),
    ]);
    expect((await call(env, reviewer, 'POST', `/complaints/${c.id}/accept`, {})).statusCode).toBe(409);
  });

  it('refuses a correction request naming nothing when the checklist is empty', async () => {
    const filer = await makeFiler(env);
    const c = await fileComplaint(env, filer, { submit: true });
    const res = await call(env, reviewer, 'POST', `/complaints/${c.id}/correction-requests`, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('missing');
  });
});

describe('rejection, withdrawal and expiry', () => {
  it('rejects with a reason code and text; items are rejected and pending deadlines cancelled', async () => {
    const filer = await makeFiler(env);
    const c = await fileComplaint(env, filer, { contactPhone: undefined, submit: true });
    await call(env, reviewer, 'POST', `/complaints/${c.id}/correction-requests`, {});
    const noReason = await call(env, reviewer, 'POST', `/complaints/${c.id}/reject`, { reasonCode: 'other' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('reason');
    const res = await call(env, reviewer, 'POST', `/complaints/${c.id}/reject`, {
      reasonCode: 'no_ip_right_shown',
      reason: 'The registration covers class 9, not shoes.',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'rejected',
      decisionReason: 'The registration covers class 9, not shoes.',
      decision: { action: 'reject', reasonCode: 'no_ip_right_shown', by: reviewer.id },
      openCorrectionRequest: null,
    });
    const items = await db().select().from(complaintItems).where(eq(complaintItems.complaintId, c.id));
    expect(items.map((i) => i.status)).toEqual(['rejected', 'rejected']);
    const pending = await db()
      .select()
      .from(deadlines)
      .where(and(eq(deadlines.complaintId, c.id), eq(deadlines.status, 'pending')));
    expect(pending).toEqual([]);
    expect((await call(env, reviewer, 'POST', `/complaints/${c.id}/accept`, {})).statusCode).toBe(409);
  });

  it('lets the filer withdraw; items are withdrawn and deadlines cancelled', async () => {
    const filer = await makeFiler(env);
    const c = await fileComplaint(env, filer, { contactPhone: undefined, submit: true });
    await call(env, reviewer, 'POST', `/complaints/${c.id}/correction-requests`, {});
    const res = await call(env, filer.user, 'POST', `/complaints/${c.id}/withdraw`, {
      reason: 'Settled with the seller.',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'withdrawn', decision: { action: 'withdraw' } });
    const items = await db().select().from(complaintItems).where(eq(complaintItems.complaintId, c.id));
    expect(items.map((i) => i.status)).toEqual(['withdrawn', 'withdrawn']);
    const rows = await db().select().from(deadlines).where(eq(deadlines.complaintId, c.id));
    expect(rows.map((d) => d.status)).toEqual(['cancelled']);
    expect((await call(env, filer.user, 'POST', `/complaints/${c.id}/withdraw`, {})).statusCode).toBe(409);
    expect(await actions(filer.user, c.id)).toEqual([
      'complaint.created',
      'complaint.items_added',
      'complaint.submit',
      'complaint.request_correction',
      'complaint.withdraw',
    ]);
    const itemEvents = (await call(env, filer.user, 'GET', `/complaints/${c.id}/history`))
      .json()
      .data.filter((e: { itemId: string | null }) => e.itemId);
    expect(itemEvents.map((e: { action: string; toState: string }) => `${e.action}>${e.toState}`)).toEqual([
      'item.withdraw>withdrawn',
      'item.withdraw>withdrawn',
    ]);
  });

  it('withdraws a draft without a body', async () => {
    const filer = await makeFiler(env);
    const c = await fileComplaint(env, filer);
    const res = await call(env, filer.user, 'POST', `/complaints/${c.id}/withdraw`);
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('withdrawn');
  });

  it('deems the complaint withdrawn when the correction period passes unanswered (seed 000 §二(二)6)', async () => {
    const filer = await makeFiler(env);
    const c = await fileComplaint(env, filer, { contactPhone: undefined, submit: true });
    const asked = (await call(env, reviewer, 'POST', `/complaints/${c.id}/correction-requests`, {})).json();
    const later = new Date(new Date(asked.correctionRequest.dueAt).getTime() + 1000);
    await db().transaction((tx) => expireCorrection(tx, c.id, later));
    const detail = (await call(env, filer.user, 'GET', `/complaints/${c.id}`)).json();
    expect(detail).toMatchObject({ status: 'withdrawn', decision: { action: 'correction_expired', by: null } });
    const [request] = await db().select().from(correctionRequests).where(eq(correctionRequests.complaintId, c.id));
    expect(request!.status).toBe('expired');
    const items = await db().select().from(complaintItems).where(eq(complaintItems.complaintId, c.id));
    expect(items.map((i) => i.status)).toEqual(['withdrawn', 'withdrawn']);
    const history = (await call(env, filer.user, 'GET', `/complaints/${c.id}/history`)).json().data;
    expect(history.find((e: { action: string }) => e.action === 'complaint.correction_expired').actor).toEqual({
      id: null,
      role: 'system',
      name: null,
    });
    // Firing again, or after a supplement, changes nothing.
    await db().transaction((tx) => expireCorrection(tx, c.id, later));
    expect((await call(env, filer.user, 'GET', `/complaints/${c.id}/history`)).json().data).toHaveLength(
      history.length,
    );
  });

  it('refuses a stale change: a second reviewer acting on the same version gets 409', async () => {
    const filer = await makeFiler(env);
    const other = await makeUser(env, 'admin');
    const c = await fileComplaint(env, filer, { submit: true });
    const [a, b] = await Promise.all([
      call(env, reviewer, 'POST', `/complaints/${c.id}/accept`, {}),
      call(env, other, 'POST', `/complaints/${c.id}/reject`, { reasonCode: 'duplicate', reason: 'Filed twice.' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const history = (await call(env, reviewer, 'GET', `/complaints/${c.id}/history`)).json().data;
    expect(history.filter((e: { action: string }) => /^complaint\.(accept|reject)$/.test(e.action))).toHaveLength(1);
  });
});
