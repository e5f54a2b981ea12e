import type { Queryable } from '../db/client.ts';
import type { Actor } from '../domain/roles.ts';
import { type ComplaintEvent, type ComplaintState, complaintWorkflow } from '../domain/workflow/complaint-workflow.ts';
import { conflict, type FieldError } from '../server/problem.ts';
import type { ItemDecision } from '../server/schemas/complaints.ts';
import { onComplaintAccepted, onComplaintWithdrawn } from './acceptance-effects.ts';
import { dueFor } from './case-periods.ts';
import { itemsInState, MAX_ERRORS } from './complaint-items.ts';
import { complaintChecklist } from './complaints-checklist.ts';
import { causeOf, moveComplaint } from './complaints-transition.ts';
import { type ComplaintRow, checklistErrors, statementOf } from './complaints-view.ts';
import { closeOpenCorrections } from './corrections.ts';
import { moveItems } from './item-transitions.ts';
import { notify } from './notices.ts';
import { cancelDeadlines } from './scheduled-deadlines.ts';

/** The state is checked before any guard, so a complaint in the wrong state answers 409 at once. */
const assertAllowed = (complaint: ComplaintRow, event: ComplaintEvent, actor: Actor) =>
  complaintWorkflow.next(complaint.status as ComplaintState, event, causeOf(actor));

/**
 * draft → submitted (seed 000 §二(二)1). Guard `has_items_and_statement`: something to complain
 * about and the signed statement of authenticity. An otherwise incomplete complaint may be
 * submitted — the platform then asks for what is lacking; the checklist goes into the history.
 */
export async function submitComplaint(
  tx: Queryable,
  complaint: ComplaintRow,
  actor: Actor,
  now: Date,
): Promise<ComplaintRow> {
  assertAllowed(complaint, 'submit', actor);
  const lacking: FieldError[] = [];
  if (complaint.itemCount === 0) lacking.push({ field: 'items', message: 'name at least one infringing listing' });
  if (!statementOf(complaint)) {
    lacking.push({ field: 'statement', message: 'sign the statement of authenticity (seed 000 §二(一)2(4))' });
  }
  if (lacking.length) throw conflict('The complaint cannot be submitted yet.', lacking);
  const checklist = await complaintChecklist(tx, complaint, now);
  // SPEC §3 review target: an acceptance decision within 1 working day; the queue sorts by it.
  const review = await dueFor(tx, complaint.jurisdiction, 'review', now, complaint.id);
  return moveComplaint(tx, complaint, 'submit', {
    actor,
    now,
    set: { submittedAt: now, dueAt: review.dueAt },
    data: { checklist },
  });
}

/**
 * seed 000 §二(二)2: a complete complaint is formally accepted and the complainant informed; the
 * measures per item follow in `onComplaintAccepted`. Guard `checklist_complete`: 409 naming what is missing.
 */
export async function acceptComplaint(
  tx: Queryable,
  complaint: ComplaintRow,
  actor: Actor,
  now: Date,
  input: { note?: string | undefined; items?: ItemDecision[] | undefined },
): Promise<ComplaintRow> {
  assertAllowed(complaint, 'accept', actor);
  const checklist = await complaintChecklist(tx, complaint, now, { maxItemEntries: MAX_ERRORS });
  if (checklist.length) {
    throw conflict(
      `The complaint is incomplete and cannot be accepted: ${checklist.length} thing(s) missing; request a correction.`,
      checklistErrors(checklist),
    );
  }
  const row = await moveComplaint(tx, complaint, 'accept', {
    actor,
    now,
    set: { decidedAt: now, decidedBy: actor.userId, decisionReason: input.note ?? null, dueAt: null },
    reason: input.note ?? null,
    data: { itemDecisions: input.items?.length ?? 0 },
  });
  await notify(tx, now, {
    recipientUserId: complaint.filerId,
    complaintId: complaint.id,
    kind: 'complaint_accepted',
    subject: `投诉已受理 Complaint ${complaint.caseNumber} is accepted`,
    body:
      `Your complaint ${complaint.caseNumber} is complete and formally accepted. The platform takes the necessary measures against the reported listings (seed 000 §二(二)2).\n` +
      `您的投诉 ${complaint.caseNumber} 材料齐全，已正式受理，平台将对被投诉商品采取必要措施。`,
  });
  await onComplaintAccepted(tx, row, actor, now, input.items);
  return row;
}

export const rejectionWording: Record<string, string> = {
  no_ip_right_shown: 'no intellectual-property right was shown',
  not_actionable: 'the complaint is not actionable',
  manifestly_unfounded: 'the complaint is manifestly unfounded',
  duplicate: 'the complaint duplicates another',
  other: 'other reasons',
};

/** SPEC §2: a rejection states its reason; the items are rejected and the pending deadlines end. */
export async function rejectComplaint(
  tx: Queryable,
  complaint: ComplaintRow,
  actor: Actor,
  now: Date,
  input: { reasonCode: string; reason: string },
): Promise<ComplaintRow> {
  const row = await moveComplaint(tx, complaint, 'reject', {
    actor,
    now,
    set: { decidedAt: now, decidedBy: actor.userId, decisionReason: input.reason, dueAt: null },
    reason: input.reason,
    data: { reasonCode: input.reasonCode },
  });
  const pending = await itemsInState(tx, complaint.id, 'pending');
  await moveItems(
    tx,
    row,
    pending.map((item) => ({ item, event: 'reject' as const })),
    { by: 'reviewer', actor, now, reason: input.reason },
  );
  await cancelDeadlines(tx, { complaintId: complaint.id });
  await closeOpenCorrections(tx, complaint.id, 'cancelled', now);
  await notify(tx, now, {
    recipientUserId: complaint.filerId,
    complaintId: complaint.id,
    kind: 'complaint_rejected',
    subject: `投诉未予受理 Complaint ${complaint.caseNumber} is rejected`,
    body:
      `Your complaint ${complaint.caseNumber} is rejected: ${rejectionWording[input.reasonCode] ?? input.reasonCode}. ${input.reason}\n` +
      `您的投诉 ${complaint.caseNumber} 未予受理。理由：${input.reason}`,
  });
  return row;
}

/** The filer withdraws the complaint: pending items are withdrawn and pending deadlines cancelled. */
export async function withdrawComplaint(
  tx: Queryable,
  complaint: ComplaintRow,
  actor: Actor,
  now: Date,
  reason?: string,
): Promise<ComplaintRow> {
  const row = await moveComplaint(tx, complaint, 'withdraw', {
    actor,
    now,
    set: { dueAt: null },
    reason: reason ?? null,
  });
  const pending = await itemsInState(tx, complaint.id, 'pending');
  await moveItems(
    tx,
    row,
    pending.map((item) => ({ item, event: 'withdraw' as const })),
    { by: 'complainant', actor, now, reason: reason ?? null },
  );
  await cancelDeadlines(tx, { complaintId: complaint.id });
  await closeOpenCorrections(tx, complaint.id, 'cancelled', now);
  await onComplaintWithdrawn(tx, row, actor, now);
  return row;
}
