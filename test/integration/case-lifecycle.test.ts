import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measures, sandboxClock, strikes } from '../../src/db/schema/index.ts';
import { workOnce } from '../../src/jobs/worker.ts';
import { api, fileCompleteComplaint, ok, upload } from '../support/case-factories.ts';
import { makeUser, startTestApp, type TestEnv, type TestUser } from '../support/harness.ts';

let env: TestEnv;
let complainant: TestUser;
let reviewer: TestUser;
let admin: TestUser;
let seller1: TestUser;
let seller2: TestUser;

/** Puts the sandbox clock at a fixed instant, shared with the worker through the database. */
async function clockAt(iso: string) {
  const offsetMs = Date.parse(iso) - Date.now();
  await env.ctx.database.db
    .insert(sandboxClock)
    .values({ id: 1, offsetMs })
    .onConflictDoUpdate({ target: sandboxClock.id, set: { offsetMs } });
  env.clock.offsetMs = offsetMs;
}

/** Moves the test clock forward through the admin API (SPEC §3) and lets the worker run once. */
async function advanceTo(iso: string) {
  const now = env.clock.now().getTime();
  const seconds = Math.ceil((Date.parse(iso) - now) / 1000);
  const clock = await ok(await api(env, admin, 'POST', '/test-clock/advance', { seconds }));
  expect(Date.parse(clock.now)).toBeGreaterThanOrEqual(Date.parse(iso));
  return workOnce(env.ctx.database.db, env.clock, { testClock: true });
}

async function items(complaintId: string) {
  const res = await ok(await api(env, reviewer, 'GET', `/complaints/${complaintId}/items?limit=200`));
  return res.data as { id: string; status: string; sellerExternalId: string }[];
}

async function history(complaintId: string) {
  const res = await ok(await api(env, reviewer, 'GET', `/complaints/${complaintId}/history?limit=500`));
  return res.data as { action: string; fromState: string | null; toState: string | null; itemId: string | null }[];
}

beforeAll(async () => {
  env = await startTestApp({ RIGHTSDESK_TEST_CLOCK: '1' }, { calendars: true });
  complainant = await makeUser(env, 'complainant');
  reviewer = await makeUser(env, 'reviewer');
  admin = await makeUser(env, 'admin');
  seller1 = await makeUser(env, 'respondent', { sellerExternalId: 'SHOP-A' });
  seller2 = await makeUser(env, 'respondent', { sellerExternalId: 'SHOP-B' });
});
afterAll(async () => env.close());

describe('a complaint’s whole life, driven by deadlines (CN profile)', () => {
  it('files, corrects, accepts, forwards, takes a counter-notice and restores when no legal action comes in 15 days', async () => {
    // Thursday 2026-09-24, 10:00 in Shanghai: the Mid-Autumn holiday (Sep 25–27) and National Day (Oct 1–7) follow.
    await clockAt('2026-09-24T02:00:00Z');
    const filed = await fileCompleteComplaint(
      env,
      complainant,
      reviewer,
      [
        { externalId: 'SHOP-A', items: 2 },
        { externalId: 'SHOP-B', items: 1 },
      ],
      { withoutPhone: true },
    );

    // seed 000 §二(二)1: the phone is missing → a correction request naming it, due in 5 working days.
    const correction = await ok(
      await api(env, reviewer, 'POST', `/complaints/${filed.complaintId}/correction-requests`, {
        missing: [{ code: 'contact_phone', field: 'contactPhone', message: 'Give a contact telephone number.' }],
      }),
      201,
    );
    expect(JSON.stringify(correction)).toContain('needs_correction');
    await ok(
      await api(env, complainant, 'PATCH', `/complaints/${filed.complaintId}`, { contactPhone: '+86 21 5555 0100' }),
    );
    await ok(await api(env, complainant, 'POST', `/complaints/${filed.complaintId}/resubmit`));

    // seed 000 §二(二)2–3: acceptance takes the listings down and forwards them to each seller.
    await ok(await api(env, reviewer, 'POST', `/complaints/${filed.complaintId}/accept`, { note: 'complete' }));
    const afterAccept = await items(filed.complaintId);
    expect(afterAccept.map((i) => i.status)).toEqual(['forwarded', 'forwarded', 'forwarded']);
    const applied = await env.ctx.database.db
      .select()
      .from(measures)
      .where(eq(measures.complaintId, filed.complaintId));
    expect(applied.length).toBeGreaterThanOrEqual(3);
    // The marketplace carries out the first measure of each item; the others stay requested.
    const firstPerItem = new Map<string, string>();
    for (const m of applied) if (!firstPerItem.has(m.itemId)) firstPerItem.set(m.itemId, m.id);
    for (const id of firstPerItem.values()) {
      await ok(await api(env, admin, 'POST', `/measures/${id}/outcome`, { outcome: 'applied' }));
    }

    // The seller sees its own items with the counter-notice deadline: 5 working days → Friday Oct 9 (Shanghai).
    const view = await ok(await api(env, seller1, 'GET', `/respondent/complaints/${filed.complaintId}`));
    expect(view.items).toHaveLength(2);
    expect(view.items[0].counterNoticeDueAt).toBe('2026-10-09T15:59:59.999Z');

    // Monday Sep 28: seller 1 disputes both its listings with evidence.
    await advanceTo('2026-09-28T03:00:00Z');
    const evidence = await upload(env, seller1, 'counter_evidence');
    const cn = await ok(
      await api(env, seller1, 'POST', '/counter-notices', {
        complaintId: filed.complaintId,
        itemIds: view.items.map((i: { id: string }) => i.id),
        contactName: 'Shop A Ltd.',
        contactEmail: 'legal@shop-a.example',
        contactPhone: '+86 755 1234 5678',
        statement: 'These are genuine goods bought from the brand’s authorised distributor; invoices attached.',
        evidenceDocumentIds: [evidence],
      }),
      201,
    );
    expect(cn.caseNumber).toMatch(/^ICN-2026-\d{6}$/);

    // Tuesday Sep 29: the reviewer forwards it; PRC E-Commerce Law art. 43 gives the complainant 15 days → Oct 14.
    await advanceTo('2026-09-29T02:00:00Z');
    const forwarded = await ok(await api(env, reviewer, 'POST', `/counter-notices/${cn.id}/forward`));
    expect(forwarded.legalActionDueDate).toBe('2026-10-14');
    // The complainant sees the counter-notice without the seller's phone and can read its evidence.
    const seen = await ok(await api(env, complainant, 'GET', `/counter-notices/${cn.id}`));
    expect(seen.contactPhone).toBeUndefined();
    expect((await api(env, complainant, 'GET', `/documents/${evidence}/content`)).statusCode).toBe(200);

    // A day before the counter-notice period ends, seller 2 is reminded (SPEC §5).
    const reminded = await advanceTo('2026-10-09T02:00:00Z');
    expect(reminded.reminded).toBeGreaterThanOrEqual(1);
    expect((await items(filed.complaintId)).find((i) => i.sellerExternalId === 'SHOP-B')!.status).toBe('forwarded');

    // Oct 9 ends: seller 2 never answered → its item is upheld with a strike (seed 000 §二(二)4).
    const fired = await advanceTo('2026-10-09T16:00:01Z');
    expect(fired.fired).toBeGreaterThanOrEqual(1);
    let now = await items(filed.complaintId);
    expect(now.find((i) => i.sellerExternalId === 'SHOP-B')!.status).toBe('upheld');
    const strikes2 = await ok(await api(env, seller2, 'GET', '/respondent/strikes'));
    expect(strikes2.data).toHaveLength(1);
    expect(strikes2.activeWeight).toBe(3);

    // Oct 14 is still within the period: nothing is restored a second early.
    await advanceTo('2026-10-14T15:59:00Z');
    now = await items(filed.complaintId);
    expect(now.filter((i) => i.sellerExternalId === 'SHOP-A').map((i) => i.status)).toEqual([
      'counter_forwarded',
      'counter_forwarded',
    ]);

    // Once Oct 14 has ended in Shanghai with no legal action: restored, applied measures reverted (seed 000 §二(二)5–6).
    await advanceTo('2026-10-14T16:00:01Z');
    now = await items(filed.complaintId);
    expect(now.filter((i) => i.sellerExternalId === 'SHOP-A').map((i) => i.status)).toEqual(['restored', 'restored']);
    const after = await env.ctx.database.db.select().from(measures).where(eq(measures.complaintId, filed.complaintId));
    const shopAItems = new Set(now.filter((i) => i.sellerExternalId === 'SHOP-A').map((i) => i.id));
    for (const m of after.filter((x) => shopAItems.has(x.itemId))) {
      // exactly what was applied is reverted; what was never carried out is cancelled
      expect(m.state).toBe(firstPerItem.get(m.itemId) === m.id ? 'reverted' : 'cancelled');
    }
    const shopAStrikes = await env.ctx.database.db
      .select()
      .from(strikes)
      .where(and(eq(strikes.complaintId, filed.complaintId), eq(strikes.sellerId, seller1.sellerId!)));
    expect(shopAStrikes).toHaveLength(0);

    // The history tells every step in order, by the actor who took it.
    const events = await history(filed.complaintId);
    const actions = events.map((e) => e.action);
    for (const step of [
      'item.take_down',
      'item.forward',
      'counter_notice.submitted',
      'item.counter',
      'counter_notice.forward',
      'item.forward_counter',
      'item.counter_window_expired',
      'item.legal_window_expired',
    ]) {
      expect(actions, step).toContain(step);
    }
    expect(actions.indexOf('item.forward_counter')).toBeLessThan(actions.indexOf('item.legal_window_expired'));

    const inbox = await ok(await api(env, seller2, 'GET', '/notices'));
    expect(inbox.data.map((n: { kind: string }) => n.kind)).toEqual(
      expect.arrayContaining(['complaint_forwarded', 'reminder']),
    );
  });

  it('keeps the listing down as in_litigation when the complainant shows a lawsuit in time, until the outcome', async () => {
    await advanceTo('2026-11-02T02:00:00Z');
    const filed = await fileCompleteComplaint(env, complainant, reviewer, [{ externalId: 'SHOP-A', items: 1 }]);
    await ok(await api(env, reviewer, 'POST', `/complaints/${filed.complaintId}/accept`, {}));
    const [item] = await items(filed.complaintId);
    const evidence = await upload(env, seller1, 'counter_evidence');
    const cn = await ok(
      await api(env, seller1, 'POST', '/counter-notices', {
        complaintId: filed.complaintId,
        itemIds: [item!.id],
        contactName: 'Shop A Ltd.',
        contactEmail: 'legal@shop-a.example',
        statement: 'Our own design, registered earlier.',
        evidenceDocumentIds: [evidence],
      }),
      201,
    );
    await ok(await api(env, reviewer, 'POST', `/counter-notices/${cn.id}/forward`));
    await advanceTo('2026-11-10T02:00:00Z');
    const filing = await upload(env, complainant, 'legal_action');
    await ok(
      await api(env, complainant, 'POST', `/counter-notices/${cn.id}/legal-actions`, {
        kind: 'lawsuit',
        authority: 'Hangzhou Internet Court',
        caseNumber: '(2026)浙0192民初1234号',
        documentId: filing,
        filedOn: '2026-11-09',
      }),
      201,
    );
    // Past the 15 days nothing restores it: the case is before a court.
    await advanceTo('2026-12-01T00:00:00Z');
    expect((await items(filed.complaintId))[0]!.status).toBe('in_litigation');
    await ok(
      await api(env, reviewer, 'POST', `/items/${item!.id}/litigation-outcome`, {
        outcome: 'upheld',
        reason: 'Judgment for the rights holder.',
      }),
    );
    expect((await items(filed.complaintId))[0]!.status).toBe('upheld');
    const events = await history(filed.complaintId);
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['item.legal_action_shown', 'item.litigation_upheld']),
    );
  });

  it('restores and removes the strike when the complainant withdraws an accepted complaint', async () => {
    const filed = await fileCompleteComplaint(env, complainant, reviewer, [{ externalId: 'SHOP-B', items: 1 }]);
    await ok(await api(env, reviewer, 'POST', `/complaints/${filed.complaintId}/accept`, {}));
    // The seller lets the window pass: upheld with a strike.
    await advanceTo(new Date(env.clock.now().getTime() + 20 * 86_400_000).toISOString());
    expect((await items(filed.complaintId))[0]!.status).toBe('upheld');
    const [item] = await items(filed.complaintId);
    const before = await env.ctx.database.db.select().from(strikes).where(eq(strikes.itemId, item!.id));
    expect(before[0]?.removedAt).toBeNull();
    await ok(await api(env, complainant, 'POST', `/complaints/${filed.complaintId}/withdraw`, { reason: 'settled' }));
    expect((await items(filed.complaintId))[0]!.status).toBe('restored');
    const afterRows = await env.ctx.database.db.select().from(strikes).where(eq(strikes.itemId, item!.id));
    expect(afterRows[0]?.removedAt).not.toBeNull();
  });
});

describe('the US profile (17 USC 512(g); US federal holidays)', () => {
  it('counts the counter-notice and lawsuit periods in business days around Thanksgiving', async () => {
    // Friday 2026-11-20, 10:00 in New York. Thanksgiving is Thursday 2026-11-26.
    await clockAt('2026-11-20T15:00:00Z');
    const filed = await fileCompleteComplaint(env, complainant, reviewer, [{ externalId: 'SHOP-A', items: 1 }], {
      jurisdiction: 'US',
    });
    await ok(await api(env, reviewer, 'POST', `/complaints/${filed.complaintId}/accept`, {}));
    const view = await ok(await api(env, seller1, 'GET', `/respondent/complaints/${filed.complaintId}`));
    // 5 business days: Nov 23, 24, 25, 27, 30 → end of Monday Nov 30 in New York (EST, UTC−5).
    expect(view.items[0].counterNoticeDueAt).toBe('2026-12-01T04:59:59.999Z');
    const evidence = await upload(env, seller1, 'counter_evidence');
    const cn = await ok(
      await api(env, seller1, 'POST', '/counter-notices', {
        complaintId: filed.complaintId,
        itemIds: [view.items[0].id],
        contactName: 'Shop A',
        contactEmail: 'legal@shop-a.example',
        statement: 'Licensed.',
        evidenceDocumentIds: [evidence],
      }),
      201,
    );
    const forwarded = await ok(await api(env, reviewer, 'POST', `/counter-notices/${cn.id}/forward`));
    // Restore after 10 business days unless a lawsuit is shown: Nov 23–25, 27, 30, Dec 1–4, 7 → Dec 7.
    expect(forwarded.legalActionDueDate).toBe('2026-12-07');
  });
});
