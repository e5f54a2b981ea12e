import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { complaints } from '../db/schema/index.ts';
import type { Actor } from '../domain/roles.ts';
import { type ComplaintEvent, type ComplaintState, complaintWorkflow } from '../domain/workflow/complaint-workflow.ts';
import type { Cause } from '../domain/workflow/state-machine.ts';
import { conflict } from '../server/problem.ts';
import type { ComplaintRow } from './complaints-view.ts';
import { recordHistory } from './history.ts';

/** The workflow's cause for an actor: filers act as the complainant, the IP team as the reviewer. */
export function causeOf(actor: Actor | null): Cause {
  if (!actor) return 'system';
  if (actor.role === 'complainant' || actor.role === 'agent') return 'complainant';
  if (actor.role === 'reviewer' || actor.role === 'admin') return 'reviewer';
  return 'respondent';
}

export interface ComplaintMove {
  actor: Actor | null;
  now: Date;
  /** columns to set together with the new state. */
  set?: Partial<typeof complaints.$inferInsert>;
  reason?: string | null;
  documentIds?: string[];
  data?: unknown;
}

/**
 * Moves a complaint through its workflow (src/domain/workflow/complaint-workflow.ts) with its
 * history event, in the caller's transaction. Optimistic: the row must still be in the state and
 * version it was read in, else 409 and nothing changes. The table refuses what it does not allow.
 */
export async function moveComplaint(
  tx: Queryable,
  complaint: ComplaintRow,
  event: ComplaintEvent,
  move: ComplaintMove,
): Promise<ComplaintRow> {
  const to = complaintWorkflow.next(complaint.status as ComplaintState, event, causeOf(move.actor));
  const [row] = await tx
    .update(complaints)
    .set({ ...move.set, status: to, version: complaint.version + 1, updatedAt: move.now })
    .where(
      and(
        eq(complaints.id, complaint.id),
        eq(complaints.status, complaint.status),
        eq(complaints.version, complaint.version),
      ),
    )
    .returning();
  if (!row) throw conflict('The complaint changed meanwhile; reload and try again.');
  await recordHistory(tx, {
    complaintId: complaint.id,
    actor: move.actor,
    action: `complaint.${event}`,
    fromState: complaint.status,
    toState: to,
    reason: move.reason ?? null,
    documentIds: move.documentIds ?? [],
    data: move.data,
    at: move.now,
  });
  return row;
}
