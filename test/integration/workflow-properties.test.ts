import { eq, inArray } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintItems, historyEvents, measures, strikes } from '../../src/db/schema/index.ts';
import { complaintWorkflow } from '../../src/domain/workflow/complaint-workflow.ts';
import { counterNoticeWorkflow } from '../../src/domain/workflow/counter-notice-workflow.ts';
import { itemWorkflow } from '../../src/domain/workflow/item-workflow.ts';
import type { Machine } from '../../src/domain/workflow/state-machine.ts';
import { workOnce } from '../../src/jobs/worker.ts';
import { api, fileCompleteComplaint, ok, upload } from '../support/case-factories.ts';
import { makeUser, startTestApp, type TestEnv, type TestUser } from '../support/harness.ts';

/**
 * Issue 3 / SPEC §2: whatever the parties do, in whatever order, through the API and the passing of
 * time, no item, complaint or counter-notice takes a step its workflow table does not allow;
 * restored and withdrawn items keep no strike and no applied measure.
 */
let env: TestEnv;
let complainant: TestUser;
let reviewer: TestUser;
let admin: TestUser;
let sellers: TestUser[];

beforeAll(async () => {
  env = await startTestApp({ RIGHTSDESK_TEST_CLOCK: '1' }, { calendars: true });
  complainant = await makeUser(env, 'complainant');
  reviewer = await makeUser(env, 'reviewer');
  admin = await makeUser(env, 'admin');
  sellers = [
    await makeUser(env, 'respondent', { sellerExternalId: 'SHOP-Q1' }),
    await makeUser(env, 'respondent', { sellerExternalId: 'SHOP-Q2' }),
  ];
});
afterAll(async () => env.close());

type Action =
  | { kind: 'counter'; seller: number; items: number }
  | { kind: 'forwardCounter' }
  | { kind: 'rejectCounter' }
  | { kind: 'counterCorrection' }
  | { kind: 'resubmitCounter' }
  | { kind: 'withdrawCounter' }
  | { kind: 'legalAction' }
  | { kind: 'outcome'; item: number; upheld: boolean }
  | { kind: 'applyMeasure'; index: number }
  | { kind: 'withdrawComplaint' }
  | { kind: 'advance'; days: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('counter' as const), seller: fc.nat(1), items: fc.integer({ min: 1, max: 2 }) }),
  fc.constant({ kind: 'forwardCounter' as const }),
  fc.constant({ kind: 'rejectCounter' as const }),
  fc.constant({ kind: 'counterCorrection' as const }),
  fc.constant({ kind: 'resubmitCounter' as const }),
  fc.constant({ kind: 'withdrawCounter' as const }),
  fc.constant({ kind: 'legalAction' as const }),
  fc.record({ kind: fc.constant('outcome' as const), item: fc.nat(2), upheld: fc.boolean() }),
  fc.record({ kind: fc.constant('applyMeasure' as const), index: fc.nat(20) }),
  fc.constant({ kind: 'withdrawComplaint' as const }),
  fc.record({ kind: fc.constant('advance' as const), days: fc.constantFrom(1, 3, 8, 16) }),
);

async function run(a: Action, complaintId: string, state: { counterNotices: { id: string; seller: number }[] }) {
  const lastCn = state.counterNotices.at(-1);
  switch (a.kind) {
    case 'counter': {
      const seller = sellers[a.seller]!;
      const view = await api(env, seller, 'GET', `/respondent/complaints/${complaintId}`);
      if (view.statusCode !== 200) return view;
      const open = view.json().items.filter((i: { status: string }) => i.status === 'forwarded');
      const evidence = await upload(env, seller, 'counter_evidence');
      const res = await api(env, seller, 'POST', '/counter-notices', {
        complaintId,
        itemIds: (open.length ? open : view.json().items).slice(0, a.items).map((i: { id: string }) => i.id),
        contactName: 'Shop',
        contactEmail: 'shop@example.test',
        statement: 'We do not infringe.',
        evidenceDocumentIds: [evidence],
      });
      if (res.statusCode === 201) state.counterNotices.push({ id: res.json().id, seller: a.seller });
      return res;
    }
    case 'forwardCounter':
      return lastCn ? api(env, reviewer, 'POST', `/counter-notices/${lastCn.id}/forward`) : undefined;
    case 'rejectCounter':
      return lastCn
        ? api(env, reviewer, 'POST', `/counter-notices/${lastCn.id}/reject`, { reason: 'no evidence' })
        : undefined;
    case 'counterCorrection':
      return lastCn
        ? api(env, reviewer, 'POST', `/counter-notices/${lastCn.id}/correction-requests`, {
            missing: [{ code: 'evidence', message: 'Add the invoice.' }],
          })
        : undefined;
    case 'resubmitCounter':
      return lastCn
        ? api(env, sellers[lastCn.seller]!, 'POST', `/counter-notices/${lastCn.id}/resubmit`, {
            statement: 'Invoice added.',
          })
        : undefined;
    case 'withdrawCounter':
      return lastCn
        ? api(env, sellers[lastCn.seller]!, 'POST', `/counter-notices/${lastCn.id}/withdraw`, {})
        : undefined;
    case 'legalAction': {
      if (!lastCn) return undefined;
      const doc = await upload(env, complainant, 'legal_action');
      return api(env, complainant, 'POST', `/counter-notices/${lastCn.id}/legal-actions`, {
        kind: 'lawsuit',
        authority: 'Court',
        caseNumber: 'C-1',
        documentId: doc,
      });
    }
    case 'outcome': {
      const items = await env.ctx.database.db
        .select()
        .from(complaintItems)
        .where(eq(complaintItems.complaintId, complaintId))
        .orderBy(complaintItems.seq);
      const item = items[a.item % items.length]!;
      return api(env, reviewer, 'POST', `/items/${item.id}/litigation-outcome`, {
        outcome: a.upheld ? 'upheld' : 'dismissed',
        reason: 'judgment',
      });
    }
    case 'applyMeasure': {
      const rows = await env.ctx.database.db
        .select()
        .from(measures)
        .where(eq(measures.complaintId, complaintId))
        .orderBy(measures.createdAt);
      const m = rows[a.index % Math.max(rows.length, 1)];
      return m ? api(env, admin, 'POST', `/measures/${m.id}/outcome`, { outcome: 'applied' }) : undefined;
    }
    case 'withdrawComplaint':
      return api(env, complainant, 'POST', `/complaints/${complaintId}/withdraw`, { reason: 'changed our mind' });
    case 'advance': {
      await ok(await api(env, admin, 'POST', '/test-clock/advance', { seconds: a.days * 86_400 }));
      await workOnce(env.ctx.database.db, env.clock, { testClock: true });
      return undefined;
    }
  }
}

function allowedStep(machine: Machine<string, string>, event: string, from: string | null, to: string | null) {
  const t = machine.find(from ?? '', event);
  return t !== undefined && t.to === to;
}

describe('workflow properties through the API', () => {
  const stepsTaken = new Set<string>();

  it('never takes a step the tables do not allow, and leaves no strike or applied measure on restored or withdrawn items', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 3, maxLength: 9 }), async (actions) => {
        const filed = await fileCompleteComplaint(env, complainant, reviewer, [
          { externalId: 'SHOP-Q1', items: 2 },
          { externalId: 'SHOP-Q2', items: 1 },
        ]);
        await ok(await api(env, reviewer, 'POST', `/complaints/${filed.complaintId}/accept`, {}));
        const state = { counterNotices: [] as { id: string; seller: number }[] };
        for (const a of actions) {
          const res = await run(a, filed.complaintId, state);
          // Refusals (4xx) are the tables doing their job; a 5xx never is.
          if (res) expect(res.statusCode, `${a.kind}: ${res.body}`).toBeLessThan(500);
        }
        await ok(await api(env, admin, 'POST', '/test-clock/advance', { seconds: 40 * 86_400 }));
        await workOnce(env.ctx.database.db, env.clock, { testClock: true });

        const db = env.ctx.database.db;
        const events = await db
          .select()
          .from(historyEvents)
          .where(eq(historyEvents.complaintId, filed.complaintId))
          .orderBy(historyEvents.id);
        for (const e of events) {
          const [entity, event] = e.action.split('.') as [string, string];
          stepsTaken.add(e.action);
          // Creation and edits are not transitions: they enter the first state or keep the state.
          if (e.fromState === null || e.fromState === e.toState) {
            expect([
              'complaint.created',
              'counter_notice.submitted',
              'complaint.updated',
              'complaint.items_added',
              'complaint.item_updated',
              'deadline.calendar_missing',
            ]).toContain(e.action);
            continue;
          }
          if (entity === 'item')
            expect(
              allowedStep(itemWorkflow, event, e.fromState, e.toState),
              `${e.action} ${e.fromState}→${e.toState}`,
            ).toBe(true);
          if (entity === 'complaint')
            expect(allowedStep(complaintWorkflow, event, e.fromState, e.toState), e.action).toBe(true);
          if (entity === 'counter_notice') {
            expect(allowedStep(counterNoticeWorkflow, event, e.fromState, e.toState), e.action).toBe(true);
          }
        }
        // The items' current states are the last states their histories reached.
        const items = await db.select().from(complaintItems).where(eq(complaintItems.complaintId, filed.complaintId));
        for (const item of items) {
          const last = events.filter((e) => e.itemId === item.id && e.action.startsWith('item.')).at(-1);
          expect(item.status).toBe(last?.toState ?? 'pending');
        }
        const gone = items.filter((i) => i.status === 'restored' || i.status === 'withdrawn').map((i) => i.id);
        if (gone.length) {
          const live = (await db.select().from(strikes).where(inArray(strikes.itemId, gone))).filter(
            (s) => s.removedAt === null,
          );
          expect(live).toEqual([]);
          const applied = (await db.select().from(measures).where(inArray(measures.itemId, gone))).filter(
            (m) => m.state === 'applied',
          );
          expect(applied).toEqual([]);
        }
      }),
      {
        numRuns: 25,
        // Walks that surely reach counter-notices, forwarding, both periods and withdrawal, besides the random ones.
        examples: [
          [[{ kind: 'counter', seller: 0, items: 2 }, { kind: 'forwardCounter' }, { kind: 'advance', days: 16 }]],
          [
            [
              { kind: 'counter', seller: 1, items: 1 },
              { kind: 'applyMeasure', index: 0 },
              { kind: 'withdrawComplaint' },
            ],
          ],
          [
            [
              { kind: 'advance', days: 8 },
              { kind: 'counter', seller: 0, items: 1 },
              { kind: 'outcome', item: 0, upheld: true },
            ],
          ],
        ],
      },
    );
    // The random walks did reach the interesting parts of the tables, so the property says something.
    expect([...stepsTaken]).toEqual(
      expect.arrayContaining(['item.counter', 'item.forward_counter', 'item.counter_window_expired', 'item.withdraw']),
    );
  }, 240_000);
});
