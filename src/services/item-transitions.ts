import { and, eq, isNull, sql } from 'drizzle-orm';
import { anyOf, arrayParam } from '../db/any-of.ts';
import type { Queryable } from '../db/client.ts';
import { complaintItems, type complaints, strikes } from '../db/schema/index.ts';
import { groupBy } from '../domain/group-by.ts';
import type { InfringementType, MeasureKind } from '../domain/measures.ts';
import type { Actor } from '../domain/roles.ts';
import { strikeExpiry, strikeWeights } from '../domain/strikes.ts';
import { type ItemEvent, type ItemState, itemWorkflow } from '../domain/workflow/item-workflow.ts';
import type { Cause } from '../domain/workflow/state-machine.ts';
import { conflict } from '../server/problem.ts';
import { ensureSeller } from './accounts.ts';
import { dueFor, reminderTime } from './case-periods.ts';
import { type HistoryEntry, recordHistory } from './history.ts';
import { requestMeasures, revertMeasures } from './measures.ts';
import { notify } from './notices.ts';
import { cancelDeadlines } from './scheduled-deadlines.ts';

export type ItemRow = typeof complaintItems.$inferSelect;
export type ComplaintRow = typeof complaints.$inferSelect;

export interface ItemMove {
  item: ItemRow;
  event: ItemEvent;
  /** for take_down: the measures the reviewer chose (defaults by infringement type otherwise). */
  measures?: readonly MeasureKind[];
}

export interface MoveContext {
  by: Cause;
  actor: Actor | null;
  now: Date;
  reason?: string | null;
  documentIds?: string[];
  counterNoticeId?: string | null;
  data?: unknown;
}

/**
 * Moves items through the item workflow (src/domain/workflow/item-workflow.ts) and carries out the
 * effects the table names, with one history event per item, in the caller's transaction.
 * Returns the items as they now are.
 */
export async function moveItems(
  tx: Queryable,
  complaint: ComplaintRow,
  moves: ItemMove[],
  mc: MoveContext,
): Promise<ItemRow[]> {
  if (moves.length === 0) return [];
  const planned = moves.map((m) => {
    const t = itemWorkflow.find(m.item.status as ItemState, m.event);
    // next() throws the uniform TransitionRefused (→ 409) when the table does not allow it.
    const to = itemWorkflow.next(m.item.status as ItemState, m.event, mc.by);
    return { ...m, from: m.item.status, to, effects: t?.effects ?? [] };
  });

  const moved: ItemRow[] = [];
  const groups = groupBy(planned, (p) => `${p.from}>${p.to}>${p.event}`);
  for (const group of groups.values()) {
    const first = group[0]!;
    for (let i = 0; i < group.length; i += 5000) {
      const ids = group.slice(i, i + 5000).map((p) => p.item.id);
      const rows = await tx
        .update(complaintItems)
        .set({
          status: first.to,
          updatedAt: mc.now,
          ...(first.event === 'forward' ? { forwardedAt: mc.now } : {}),
          ...(itemWorkflow.terminal.includes(first.to) || first.to === 'upheld' ? { dueAt: null } : {}),
        })
        .where(and(anyOf(complaintItems.id, ids), eq(complaintItems.status, first.from)))
        .returning();
      if (rows.length !== ids.length) throw conflict('An item changed meanwhile; reload and try again.');
      moved.push(...rows);
    }
  }

  await recordHistory(
    tx,
    ...planned.map(
      (p): HistoryEntry => ({
        complaintId: complaint.id,
        itemId: p.item.id,
        counterNoticeId: mc.counterNoticeId ?? null,
        actor: mc.actor,
        action: `item.${p.event}`,
        fromState: p.from,
        toState: p.to,
        reason: mc.reason ?? null,
        documentIds: mc.documentIds ?? [],
        data: p.measures ? { measures: p.measures } : (mc.data ?? null),
        at: mc.now,
      }),
    ),
  );

  const byEffect = (effect: string) => planned.filter((p) => p.effects.includes(effect));
  const ids = (ps: typeof planned) => ps.map((p) => p.item.id);
  const movedById = new Map(moved.map((r) => [r.id, r]));

  const takeDown = byEffect('request_measures');
  if (takeDown.length) {
    await requestMeasures(
      tx,
      takeDown.map((p) => ({
        complaintId: complaint.id,
        itemId: p.item.id,
        infringementType: p.item.infringementType,
        ...(p.measures ? { kinds: p.measures } : {}),
      })),
      mc.now,
    );
  }

  const forwarded = byEffect('forward_redacted_complaint');
  if (forwarded.length)
    await forwardToSellers(
      tx,
      complaint,
      forwarded.map((p) => movedById.get(p.item.id)!),
      mc.now,
      movedById,
    );

  const windowOpens = byEffect('schedule_counter_notice_deadline');
  if (windowOpens.length) {
    // seed 000 §二(二)4: five working days after receipt of the forwarded complaint.
    const due = await dueFor(tx, complaint.jurisdiction, 'counterNotice', mc.now, complaint.id);
    const remindAt = reminderTime(mc.now, due.dueAt);
    await tx.execute(sql`
      INSERT INTO deadlines (kind, complaint_id, item_id, due_at, remind_at, created_at)
      SELECT 'counter_notice_window', ${complaint.id}::uuid, i, ${due.dueAt.toISOString()}::timestamptz,
             ${remindAt.toISOString()}::timestamptz, ${mc.now.toISOString()}::timestamptz
      FROM unnest(${arrayParam(ids(windowOpens), 'uuid')}) AS t(i)`);
    await setItemDue(tx, ids(windowOpens), due.dueAt);
  }

  const stopWindow = byEffect('cancel_counter_notice_deadline');
  if (stopWindow.length) await cancelDeadlines(tx, { itemIds: ids(stopWindow), kind: 'counter_notice_window' });
  const stopAll = byEffect('cancel_item_deadlines');
  if (stopAll.length) await cancelDeadlines(tx, { itemIds: ids(stopAll) });
  if (byEffect('cancel_legal_action_deadline').length && mc.counterNoticeId) {
    await cancelDeadlines(tx, { counterNoticeId: mc.counterNoticeId, kind: 'legal_action_window' });
  }

  const struck = byEffect('give_strike');
  const withSeller = struck.map((p) => movedById.get(p.item.id)!).filter((r) => r.sellerId);
  if (withSeller.length) {
    // One statement with an array per column: deadlines uphold thousands of items at once (bench/deadlines.ts).
    const sellerIds = arrayParam(
      withSeller.map((r) => r.sellerId!),
      'uuid',
    );
    const itemIds = arrayParam(
      withSeller.map((r) => r.id),
      'uuid',
    );
    const weights = arrayParam(
      withSeller.map((r) => strikeWeights[r.infringementType as InfringementType] ?? 1),
      'int',
    );
    const reasons = arrayParam(
      withSeller.map((r) => r.infringementType),
      'text',
    );
    await tx.execute(sql`
      INSERT INTO ${strikes} (seller_id, complaint_id, item_id, weight, reason, created_at, expires_at)
      SELECT s, ${complaint.id}::uuid, i, w, r, ${mc.now.toISOString()}::timestamptz,
             ${strikeExpiry(mc.now).toISOString()}::timestamptz
        FROM unnest(${sellerIds}, ${itemIds}, ${weights}, ${reasons}) AS t(s, i, w, r)
      ON CONFLICT DO NOTHING`);
  }

  const unstruck = byEffect('remove_strike');
  if (unstruck.length) {
    await tx
      .update(strikes)
      .set({ removedAt: mc.now })
      .where(and(anyOf(strikes.itemId, ids(unstruck)), isNull(strikes.removedAt)));
  }

  const reverting = byEffect('revert_measures');
  if (reverting.length) await revertMeasures(tx, ids(reverting), mc.now);

  return moved;
}

async function setItemDue(tx: Queryable, itemIds: string[], dueAt: Date | null) {
  await tx.update(complaintItems).set({ dueAt }).where(anyOf(complaintItems.id, itemIds));
}

/**
 * seed 000 §二(二)3: each seller named in the complaint receives its own view. Items reported by
 * a seller id the marketplace has not synced yet get a seller record now, so the seller's account
 * finds them when it is created.
 */
async function forwardToSellers(
  tx: Queryable,
  complaint: ComplaintRow,
  items: ItemRow[],
  now: Date,
  movedById: Map<string, ItemRow>,
) {
  // One seller record and one UPDATE per seller named, not per item: a complaint may hold 10,000 items.
  const unlinked = groupBy(items, (item) => (item.sellerId ? undefined : (item.sellerExternalId ?? undefined)));
  for (const [externalId, list] of unlinked) {
    const seller = await ensureSeller(tx, externalId, list[0]!.sellerName ?? externalId);
    await tx
      .update(complaintItems)
      .set({ sellerId: seller.id })
      .where(
        anyOf(
          complaintItems.id,
          list.map((i) => i.id),
        ),
      );
    for (const item of list) movedById.set(item.id, { ...item, sellerId: seller.id });
  }
  const bySeller = groupBy(items, (item) => movedById.get(item.id)?.sellerId ?? item.sellerId ?? undefined);
  for (const [sellerId, list] of bySeller) {
    await notify(tx, now, {
      recipientSellerId: sellerId,
      complaintId: complaint.id,
      kind: 'complaint_forwarded',
      subject: `知识产权投诉 IP complaint ${complaint.caseNumber}: ${list.length} listing(s)`,
      body:
        `An intellectual-property complaint (${complaint.caseNumber}) concerns ${list.length} of your listings, which have been taken down. ` +
        'If you believe it is wrong, file a counter-notice with prima facie evidence within 5 working days of receipt (seed 000 §二(二)4).\n' +
        `您的 ${list.length} 个商品涉及知识产权投诉（${complaint.caseNumber}），已被下架。如您认为不构成侵权，请在收到通知后五个工作日内提交不存在侵权行为的声明及初步证据。`,
    });
  }
}
