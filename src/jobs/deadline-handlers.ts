import { and, eq, inArray } from 'drizzle-orm';
import { anyOf } from '../db/any-of.ts';
import type { Tx } from '../db/client.ts';
import { complaintItems, complaints, counterNotices } from '../db/schema/index.ts';
import { groupBy } from '../domain/group-by.ts';
import { expireCorrection } from '../services/corrections.ts';
import { loadCounterNotice, rejectCounterNotice } from '../services/counter-notices.ts';
import { moveItems } from '../services/item-transitions.ts';
import { expireLegalActionWindow } from '../services/legal-actions.ts';
import { notify } from '../services/notices.ts';
import type { BatchDeadlineHandler, DeadlineHandler, DeadlineRow, ReminderHandler } from './deadline-worker.ts';

/** What each kind of deadline means when it passes (seed 000 §二(二)4–6; SPEC §3). */
export const deadlineHandlers: Record<string, DeadlineHandler> = {
  // seed 000 §二(二)6: no answer to a correction request within the period → deemed withdrawn.
  correction: async (tx, d, now) => {
    await expireCorrection(tx, d.complaintId, now);
  },
  // seed 000 §二(二)4: no counter-notice within five working days → the complaint stands for the item.
  counter_notice_window: (tx, d, now) => expireCounterNoticeWindows(tx, [d], now),
  // seed 000 §二(二)5: no complaint to an authority or lawsuit shown in time → restore.
  legal_action_window: async (tx, d, now) => {
    await expireLegalActionWindow(tx, d.counterNoticeId!, now);
  },
  // The respondent did not complete its counter-notice in time: it lapses and the items stay down.
  counter_correction: async (tx, d, now) => {
    const cn = await loadCounterNotice(tx, d.counterNoticeId!);
    if (cn.status !== 'needs_correction') return;
    await rejectCounterNotice(
      tx,
      cn,
      null,
      now,
      'The counter-notice was not completed within the period.',
      'system',
      'correction_expired',
    );
  },
};

/**
 * Counter-notice windows end in bulk (every item of a large complaint shares one due time):
 * one transition per complaint for all its items still awaiting a counter-notice.
 */
async function expireCounterNoticeWindows(tx: Tx, rows: DeadlineRow[], now: Date): Promise<void> {
  const itemIds = rows.map((d) => d.itemId!).filter(Boolean);
  const items = await tx
    .select()
    .from(complaintItems)
    .where(and(anyOf(complaintItems.id, itemIds), eq(complaintItems.status, 'forwarded')));
  const byComplaint = groupBy(items, (item) => item.complaintId);
  if (byComplaint.size === 0) return;
  const owners = await tx
    .select()
    .from(complaints)
    .where(inArray(complaints.id, [...byComplaint.keys()]));
  for (const complaint of owners) {
    await moveItems(
      tx,
      complaint,
      byComplaint.get(complaint.id)!.map((item) => ({ item, event: 'counter_window_expired' as const })),
      { by: 'system', actor: null, now, reason: 'No counter-notice within the period (seed 000 §二(二)4).' },
    );
  }
}

/** The kinds that also fire many at once, in one transaction per batch. */
export const batchDeadlineHandlers: Record<string, BatchDeadlineHandler> = {
  counter_notice_window: expireCounterNoticeWindows,
};

/** A reminder to whoever must act before the deadline (SPEC §5). */
export const sendReminder: ReminderHandler = async (tx: Tx, d: DeadlineRow, now: Date) => {
  const [complaint] = await tx.select().from(complaints).where(eq(complaints.id, d.complaintId));
  if (!complaint) return;
  const due = d.dueAt.toISOString();
  if (d.kind === 'counter_notice_window' && d.itemId) {
    const [item] = await tx.select().from(complaintItems).where(eq(complaintItems.id, d.itemId));
    if (!item?.sellerId) return;
    await notify(tx, now, {
      recipientSellerId: item.sellerId,
      complaintId: complaint.id,
      kind: 'reminder',
      subject: `提醒 Reminder: counter-notice period for ${complaint.caseNumber} ends ${due}`,
      body: `Listing ${item.listingUrl ?? item.listingExternalId}: a counter-notice must be filed by ${due}.\n反通知期限将于 ${due} 届满。`,
    });
  } else if (d.kind === 'counter_correction' && d.counterNoticeId) {
    const [cn] = await tx.select().from(counterNotices).where(eq(counterNotices.id, d.counterNoticeId));
    if (!cn) return;
    await notify(tx, now, {
      recipientSellerId: cn.sellerId,
      complaintId: complaint.id,
      kind: 'reminder',
      subject: `提醒 Reminder: complete counter-notice ${cn.caseNumber} by ${due}`,
      body: `Counter-notice ${cn.caseNumber} still needs the requested corrections by ${due}.\n请于 ${due} 前补充反通知。`,
    });
  } else {
    const what =
      d.kind === 'correction' ? 'the requested corrections' : 'proof of a complaint to an authority or a lawsuit';
    await notify(tx, now, {
      recipientUserId: complaint.filerId,
      complaintId: complaint.id,
      kind: 'reminder',
      subject: `提醒 Reminder: ${complaint.caseNumber} — ${what} due ${due}`,
      body: `Please send ${what} by ${due}, or the complaint is deemed withdrawn for the items concerned (seed 000 §二(二)6).\n请在 ${due} 前提交，否则视为撤回投诉。`,
    });
  }
};
