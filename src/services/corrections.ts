import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { complaints, correctionRequests, deadlines } from '../db/schema/index.ts';
import { localDateOf } from '../domain/calendar.ts';
import { jurisdictionProfile } from '../domain/jurisdictions.ts';
import type { Actor } from '../domain/roles.ts';
import { type ComplaintState, complaintWorkflow } from '../domain/workflow/complaint-workflow.ts';
import { invalid } from '../server/problem.ts';
import { dueFor, reminderTime } from './case-periods.ts';
import { itemsInState } from './complaint-items.ts';
import { complaintChecklist } from './complaints-checklist.ts';
import { causeOf, moveComplaint } from './complaints-transition.ts';
import type { ComplaintRow, CorrectionRequestRow, MissingEntry } from './complaints-view.ts';
import { moveItems } from './item-transitions.ts';
import { notify } from './notices.ts';
import { cancelDeadlines } from './scheduled-deadlines.ts';

/**
 * The complaint's own correction request that still awaits an answer (counter-notices have theirs).
 * The case view reads the same in SQL, in one statement with the rest (caseFacts in complaints-checklist.ts).
 */
export async function openCorrectionRequest(db: Queryable, complaintId: string): Promise<CorrectionRequestRow | null> {
  const [row] = await db
    .select()
    .from(correctionRequests)
    .where(
      and(
        eq(correctionRequests.complaintId, complaintId),
        isNull(correctionRequests.counterNoticeId),
        eq(correctionRequests.status, 'open'),
      ),
    )
    .orderBy(desc(correctionRequests.createdAt))
    .limit(1);
  return row ?? null;
}

/** Closes the complaint's open correction request, e.g. `cancelled` when the complaint is decided. */
export async function closeOpenCorrections(
  tx: Queryable,
  complaintId: string,
  status: 'answered' | 'expired' | 'cancelled',
  now: Date,
): Promise<void> {
  await tx
    .update(correctionRequests)
    .set({ status, ...(status === 'answered' ? { answeredAt: now } : {}) })
    .where(
      and(
        eq(correctionRequests.complaintId, complaintId),
        isNull(correctionRequests.counterNoticeId),
        eq(correctionRequests.status, 'open'),
      ),
    );
}

export interface CorrectionInput {
  missing?: MissingEntry[] | undefined;
  message?: string | undefined;
  /** ISO instant; defaults to the jurisdiction's correction period. */
  dueAt?: string | undefined;
}

/**
 * seed 000 §二(二)1, 6: the reviewer names what is lacking and sets a reasonable period (SPEC §3:
 * 5 working days). Opens the request, schedules its deadline and tells the complainant.
 */
export async function requestCorrection(
  tx: Queryable,
  complaint: ComplaintRow,
  actor: Actor,
  now: Date,
  input: CorrectionInput,
) {
  // The state is checked before the checklist, so a decided complaint answers 409, not 400.
  complaintWorkflow.next(complaint.status as ComplaintState, 'request_correction', causeOf(actor));
  const missing = input.missing ?? (await complaintChecklist(tx, complaint, now));
  if (missing.length === 0) {
    throw invalid('missing', 'name what is missing: the completeness check finds nothing lacking');
  }
  let dueAt: Date;
  let warning: string | undefined;
  let basis: string;
  if (input.dueAt) {
    dueAt = new Date(input.dueAt);
    if (dueAt <= now) throw invalid('dueAt', 'must be in the future');
    basis = 'set by the reviewer';
  } else {
    const due = await dueFor(tx, complaint.jurisdiction, 'correction', now, complaint.id);
    dueAt = due.dueAt;
    warning = due.warning;
    basis = due.basis;
  }
  const row = await moveComplaint(tx, complaint, 'request_correction', {
    actor,
    now,
    set: { dueAt },
    reason: input.message ?? null,
    data: { missing, dueAt: dueAt.toISOString(), basis, ...(warning ? { warning } : {}) },
  });
  const [request] = await tx
    .insert(correctionRequests)
    .values({
      complaintId: complaint.id,
      missing,
      message: input.message ?? null,
      dueAt,
      requestedBy: actor.userId,
      createdAt: now,
    })
    .returning();
  if (!request) throw new Error('insert returned no row');
  await tx.insert(deadlines).values({
    kind: 'correction',
    complaintId: complaint.id,
    correctionRequestId: request.id,
    dueAt,
    remindAt: reminderTime(now, dueAt),
    createdAt: now,
  });
  const due = localDateOf(dueAt, jurisdictionProfile(complaint.jurisdiction).timeZone);
  await notify(tx, now, {
    recipientUserId: complaint.filerId,
    complaintId: complaint.id,
    kind: 'correction_requested',
    subject: `请补充投诉材料 Please complete complaint ${complaint.caseNumber} by ${due}`,
    body:
      `Complaint ${complaint.caseNumber} lacks: ${missing.map((m) => m.message).join('; ')}. ${input.message ?? ''}\n` +
      `Without an answer by ${due} the complaint is deemed withdrawn (seed 000 §二(二)6).\n` +
      `投诉 ${complaint.caseNumber} 缺少：${missing.map((m) => m.message).join('；')}。如未在 ${due} 前补充，视为撤回投诉。`,
  });
  return { complaint: row, correctionRequest: request, warning };
}

/**
 * The complainant supplies what was asked and submits again (event `supplement`): the request is
 * answered, its deadline cancelled, the checklist recorded and the review target set anew.
 */
export async function resubmitComplaint(
  tx: Queryable,
  complaint: ComplaintRow,
  actor: Actor,
  now: Date,
  note?: string,
): Promise<ComplaintRow> {
  complaintWorkflow.next(complaint.status as ComplaintState, 'supplement', causeOf(actor));
  const request = await openCorrectionRequest(tx, complaint.id);
  const checklist = await complaintChecklist(tx, complaint, now);
  const review = await dueFor(tx, complaint.jurisdiction, 'review', now, complaint.id);
  const row = await moveComplaint(tx, complaint, 'supplement', {
    actor,
    now,
    // The POA is judged on the day of this submission (seed 000 §二(一)2(2)b).
    set: { submittedAt: now, dueAt: review.dueAt },
    reason: note ?? null,
    data: { checklist, correctionRequestId: request?.id ?? null },
  });
  await closeOpenCorrections(tx, complaint.id, 'answered', now);
  if (request) await cancelDeadlines(tx, { correctionRequestId: request.id });
  return row;
}

/**
 * seed 000 §二(二)6: no answer to the correction request within the period → the complaint is deemed
 * withdrawn. For the deadline worker, in its transaction. Does nothing when the complaint no longer
 * awaits a correction (it was supplemented, decided or withdrawn meanwhile).
 */
export async function expireCorrection(tx: Queryable, complaintId: string, now: Date): Promise<void> {
  const [complaint] = await tx.select().from(complaints).where(eq(complaints.id, complaintId)).for('update');
  if (complaint?.status !== 'needs_correction') return;
  const request = await openCorrectionRequest(tx, complaint.id);
  const reason =
    'No answer to the correction request within the period; the complaint is deemed withdrawn (seed 000 §二(二)6).';
  const row = await moveComplaint(tx, complaint, 'correction_expired', {
    actor: null,
    now,
    set: { dueAt: null },
    reason,
    data: { correctionRequestId: request?.id ?? null },
  });
  await closeOpenCorrections(tx, complaint.id, 'expired', now);
  const pending = await itemsInState(tx, complaint.id, 'pending');
  await moveItems(
    tx,
    row,
    pending.map((item) => ({ item, event: 'withdraw' as const })),
    { by: 'system', actor: null, now, reason },
  );
  await notify(tx, now, {
    recipientUserId: complaint.filerId,
    complaintId: complaint.id,
    kind: 'complaint_deemed_withdrawn',
    subject: `投诉视为撤回 Complaint ${complaint.caseNumber} is deemed withdrawn`,
    body:
      `The information asked for on complaint ${complaint.caseNumber} was not supplied in time, so the complaint is deemed withdrawn (seed 000 §二(二)6).\n` +
      `投诉 ${complaint.caseNumber} 未在合理期限内补充材料，视为撤回投诉。`,
  });
}
