import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { complaintItems, complaints, correctionRequests, counterNotices, deadlines } from '../db/schema/index.ts';
import type { Actor } from '../domain/roles.ts';
import {
  type CounterNoticeEvent,
  type CounterNoticeState,
  counterNoticeWorkflow,
} from '../domain/workflow/counter-notice-workflow.ts';
import type { Cause } from '../domain/workflow/state-machine.ts';
import { conflict, invalid, notFound } from '../server/problem.ts';
import { nextCaseNumber } from './case-numbers.ts';
import { dueFor, reminderTime } from './case-periods.ts';
import { recordHistory } from './history.ts';
import { type ComplaintRow, type ItemRow, moveItems } from './item-transitions.ts';
import { notify } from './notices.ts';
import { cancelDeadlines } from './scheduled-deadlines.ts';

export type CounterNoticeRow = typeof counterNotices.$inferSelect;

export interface CounterNoticeInput {
  complaintId: string;
  itemIds: string[];
  contactName: string;
  contactEmail: string;
  contactPhone?: string | undefined;
  statement: string;
  evidenceDocumentIds: string[];
}

export async function loadComplaint(tx: Queryable, id: string): Promise<ComplaintRow> {
  const [row] = await tx.select().from(complaints).where(eq(complaints.id, id));
  if (!row) throw notFound('Complaint');
  return row;
}

/**
 * seed 000 §二(二)4, seed 001 "Counter Notification": the respondent disputes items forwarded to it,
 * with contact details, the items or claims, a statement why the complaint is wrong and evidence.
 */
export async function fileCounterNotice(tx: Queryable, actor: Actor, input: CounterNoticeInput, now: Date) {
  if (!actor.sellerId) throw notFound('Complaint');
  const complaint = await loadComplaint(tx, input.complaintId);
  const items = await tx
    .select()
    .from(complaintItems)
    .where(and(eq(complaintItems.complaintId, complaint.id), inArray(complaintItems.id, input.itemIds)));
  const mine = items.filter((i) => i.sellerId === actor.sellerId && i.forwardedAt);
  if (mine.length === 0) throw notFound('Complaint');
  const mineIds = new Set(mine.map((i) => i.id));
  const missing = input.itemIds.findIndex((id) => !mineIds.has(id));
  if (missing >= 0) throw invalid(`itemIds.${missing}`, 'is not an item of this complaint forwarded to you');
  // seed 000 §二(二)4: the window ends at its deadline, even before the worker has fired it.
  const notOpen = mine.findIndex((i) => i.status !== 'forwarded' || (i.dueAt !== null && i.dueAt <= now));
  if (notOpen >= 0) {
    throw conflict('The counter-notice window for an item is closed or a counter-notice is already filed.', [
      {
        field: `itemIds.${input.itemIds.indexOf(mine[notOpen]!.id)}`,
        message:
          mine[notOpen]!.status === 'forwarded'
            ? 'the counter-notice period has ended'
            : `item is ${mine[notOpen]!.status}`,
      },
    ]);
  }
  const [cn] = await tx
    .insert(counterNotices)
    .values({
      caseNumber: await nextCaseNumber(tx, 'ICN', now),
      complaintId: complaint.id,
      sellerId: actor.sellerId,
      filerId: actor.userId,
      status: 'submitted',
      contactName: input.contactName,
      contactEmail: input.contactEmail,
      contactPhone: input.contactPhone ?? null,
      itemIds: input.itemIds,
      statement: input.statement,
      evidenceDocumentIds: input.evidenceDocumentIds,
      submittedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await recordHistory(tx, {
    complaintId: complaint.id,
    counterNoticeId: cn!.id,
    actor,
    action: 'counter_notice.submitted',
    toState: 'submitted',
    documentIds: input.evidenceDocumentIds,
    data: { caseNumber: cn!.caseNumber, itemIds: input.itemIds },
    at: now,
  });
  await moveItems(
    tx,
    complaint,
    mine.map((item) => ({ item, event: 'counter' as const })),
    { by: 'respondent', actor, now, counterNoticeId: cn!.id },
  );
  return cn!;
}

export async function loadCounterNotice(tx: Queryable, id: string): Promise<CounterNoticeRow> {
  const [row] = await tx.select().from(counterNotices).where(eq(counterNotices.id, id));
  if (!row) throw notFound('Counter-notice');
  return row;
}

export async function counterItems(tx: Queryable, cn: CounterNoticeRow, status: string): Promise<ItemRow[]> {
  return tx
    .select()
    .from(complaintItems)
    .where(and(inArray(complaintItems.id, cn.itemIds), eq(complaintItems.status, status)));
}

/** Moves a counter-notice through its workflow with its history event; optimistic on the state. */
async function transition(
  tx: Queryable,
  cn: CounterNoticeRow,
  event: CounterNoticeEvent,
  by: Cause,
  actor: Actor | null,
  now: Date,
  extra: Partial<typeof counterNotices.$inferInsert> = {},
  reason?: string | null,
): Promise<CounterNoticeRow> {
  const to = counterNoticeWorkflow.next(cn.status as CounterNoticeState, event, by);
  const [row] = await tx
    .update(counterNotices)
    .set({ ...extra, status: to, updatedAt: now })
    .where(and(eq(counterNotices.id, cn.id), eq(counterNotices.status, cn.status)))
    .returning();
  if (!row) throw conflict('The counter-notice changed meanwhile; reload and try again.');
  await recordHistory(tx, {
    complaintId: cn.complaintId,
    counterNoticeId: cn.id,
    actor,
    action: `counter_notice.${event}`,
    fromState: cn.status,
    toState: to,
    reason: reason ?? null,
    at: now,
  });
  return row;
}

/** seed 000 §二(二)5: the reviewer forwards the counter-notice; the complainant's period starts. */
export async function forwardCounterNotice(tx: Queryable, cn: CounterNoticeRow, actor: Actor, now: Date) {
  const complaint = await loadComplaint(tx, cn.complaintId);
  const row = await transition(tx, cn, 'forward', 'reviewer', actor, now, { forwardedAt: now });
  const items = await counterItems(tx, cn, 'countered');
  await moveItems(
    tx,
    complaint,
    items.map((item) => ({ item, event: 'forward_counter' as const })),
    {
      by: 'reviewer',
      actor,
      now,
      counterNoticeId: cn.id,
    },
  );
  // PRC E-Commerce Law art. 43: 15 days after the counter-notice reaches the complainant; US: 10 business days.
  const due = await dueFor(tx, complaint.jurisdiction, 'legalAction', now, complaint.id);
  await tx.insert(deadlines).values({
    kind: 'legal_action_window',
    complaintId: complaint.id,
    counterNoticeId: cn.id,
    dueAt: due.dueAt,
    remindAt: reminderTime(now, due.dueAt),
    createdAt: now,
  });
  if (items.length)
    await tx
      .update(complaintItems)
      .set({ dueAt: due.dueAt })
      .where(
        inArray(
          complaintItems.id,
          items.map((i) => i.id),
        ),
      );
  await notify(tx, now, {
    recipientUserId: complaint.filerId,
    complaintId: complaint.id,
    kind: 'counter_notice_forwarded',
    subject: `反通知 Counter-notice ${row.caseNumber} on ${complaint.caseNumber}`,
    body:
      `The seller disputes ${items.length} listing(s) of complaint ${complaint.caseNumber}. Unless you show by ${due.dueDate} that you have complained to the authorities or filed a lawsuit, the listings will be restored (seed 000 §二(二)5).\n` +
      `卖家对投诉 ${complaint.caseNumber} 中的 ${items.length} 个商品提交了不侵权声明。如您未在 ${due.dueDate} 前提交已向有关主管部门投诉或向人民法院起诉的证明，相关商品将被恢复。`,
  });
  return { counterNotice: row, due };
}

/** The reviewer rejects the counter-notice: the disputed items stay down (upheld). */
export async function rejectCounterNotice(
  tx: Queryable,
  cn: CounterNoticeRow,
  actor: Actor | null,
  now: Date,
  reason: string,
  by: Cause = 'reviewer',
  event: CounterNoticeEvent = 'reject',
) {
  const complaint = await loadComplaint(tx, cn.complaintId);
  const row = await transition(
    tx,
    cn,
    event,
    by,
    actor,
    now,
    { decidedBy: actor?.userId ?? null, decisionReason: reason },
    reason,
  );
  await cancelDeadlines(tx, { counterNoticeId: cn.id });
  const items = await counterItems(tx, cn, 'countered');
  await moveItems(
    tx,
    complaint,
    items.map((item) => ({ item, event: 'counter_rejected' as const })),
    {
      by: by === 'respondent' ? 'system' : by,
      actor,
      now,
      reason,
      counterNoticeId: cn.id,
    },
  );
  await notify(tx, now, {
    recipientSellerId: cn.sellerId,
    complaintId: complaint.id,
    kind: 'counter_notice_closed',
    subject: `反通知未获转送 Counter-notice ${cn.caseNumber} was not forwarded`,
    body: `Counter-notice ${cn.caseNumber} was closed (${event}): ${reason}. The listings stay down.\n反通知 ${cn.caseNumber} 已关闭：${reason}。相关商品维持下架。`,
  });
  return row;
}

/** The reviewer asks the respondent to complete the counter-notice (SPEC §2: checked like a complaint). */
export async function requestCounterCorrection(
  tx: Queryable,
  cn: CounterNoticeRow,
  actor: Actor,
  now: Date,
  missing: { code: string; field?: string | undefined; message: string }[],
  message?: string,
) {
  const complaint = await loadComplaint(tx, cn.complaintId);
  const row = await transition(tx, cn, 'request_correction', 'reviewer', actor, now, {}, message ?? null);
  const due = await dueFor(tx, complaint.jurisdiction, 'correction', now, complaint.id);
  const [request] = await tx
    .insert(correctionRequests)
    .values({
      complaintId: cn.complaintId,
      counterNoticeId: cn.id,
      missing,
      message: message ?? null,
      dueAt: due.dueAt,
      requestedBy: actor.userId,
      createdAt: now,
    })
    .returning();
  await tx.insert(deadlines).values({
    kind: 'counter_correction',
    complaintId: cn.complaintId,
    counterNoticeId: cn.id,
    correctionRequestId: request!.id,
    dueAt: due.dueAt,
    remindAt: reminderTime(now, due.dueAt),
    createdAt: now,
  });
  await notify(tx, now, {
    recipientSellerId: cn.sellerId,
    complaintId: cn.complaintId,
    kind: 'counter_notice_correction',
    subject: `请补充反通知 Please complete counter-notice ${cn.caseNumber} by ${due.dueDate}`,
    body: `Missing: ${missing.map((m) => m.message).join('; ')}. ${message ?? ''}\n缺少：${missing.map((m) => m.message).join('；')}`,
  });
  return { counterNotice: row, correctionRequest: request!, due };
}

export async function supplementCounterNotice(
  tx: Queryable,
  cn: CounterNoticeRow,
  actor: Actor,
  now: Date,
  changes: {
    statement?: string | undefined;
    evidenceDocumentIds?: string[] | undefined;
    contactEmail?: string | undefined;
    contactPhone?: string | undefined;
    contactName?: string | undefined;
  },
) {
  const set: Partial<typeof counterNotices.$inferInsert> = {};
  if (changes.statement !== undefined) set.statement = changes.statement;
  if (changes.evidenceDocumentIds !== undefined) set.evidenceDocumentIds = changes.evidenceDocumentIds;
  if (changes.contactEmail !== undefined) set.contactEmail = changes.contactEmail;
  if (changes.contactPhone !== undefined) set.contactPhone = changes.contactPhone;
  if (changes.contactName !== undefined) set.contactName = changes.contactName;
  const row = await transition(tx, cn, 'supplement', 'respondent', actor, now, set);
  await tx
    .update(correctionRequests)
    .set({ status: 'answered', answeredAt: now })
    .where(and(eq(correctionRequests.counterNoticeId, cn.id), eq(correctionRequests.status, 'open')));
  await cancelDeadlines(tx, { counterNoticeId: cn.id, kind: 'counter_correction' });
  return row;
}
