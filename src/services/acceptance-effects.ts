import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { complaintItems } from '../db/schema/index.ts';
import type { Actor } from '../domain/roles.ts';
import { itemDownStates } from '../domain/workflow/item-workflow.ts';
import { invalid } from '../server/problem.ts';
import type { ItemDecision } from '../server/schemas/complaints.ts';
import type { ComplaintRow } from './complaints-view.ts';
import { moveItems } from './item-transitions.ts';

export type { ItemDecision };

/**
 * seed 000 §二(二)2–3: after the formal acceptance the platform takes the necessary measures per
 * item (the reviewer's choice, or the defaults for the infringement type), then forwards the
 * complaint to each seller named in it. Items that name no seller stay taken down until a reviewer
 * says whose they are (POST /items/:id/forward). Runs in the accepting transaction.
 */
export async function onComplaintAccepted(
  tx: Queryable,
  complaint: ComplaintRow,
  actor: Actor,
  now: Date,
  decisions: readonly ItemDecision[] = [],
): Promise<void> {
  const pending = await tx
    .select()
    .from(complaintItems)
    .where(and(eq(complaintItems.complaintId, complaint.id), eq(complaintItems.status, 'pending')));
  const byId = new Map(decisions.map((d) => [d.itemId, d]));
  const pendingIds = new Set(pending.map((i) => i.id));
  const unknown = decisions.findIndex((d) => !pendingIds.has(d.itemId));
  if (unknown >= 0) throw invalid(`items.${unknown}.itemId`, 'is not a pending item of this complaint');

  const rejected = pending.filter((i) => byId.get(i.id)?.decision === 'reject');
  await moveItems(
    tx,
    complaint,
    rejected.map((item) => ({ item, event: 'reject' as const })),
    {
      by: 'reviewer',
      actor,
      now,
      reason: 'Not accepted for this listing at acceptance.',
    },
  );
  const takenDown = await moveItems(
    tx,
    complaint,
    pending
      .filter((i) => byId.get(i.id)?.decision !== 'reject')
      .map((item) => ({
        item,
        event: 'take_down' as const,
        ...(byId.get(item.id)?.measures ? { measures: byId.get(item.id)!.measures! } : {}),
      })),
    { by: 'reviewer', actor, now },
  );
  const forwardable = takenDown.filter((i) => i.sellerId || i.sellerExternalId);
  await moveItems(
    tx,
    complaint,
    forwardable.map((item) => ({ item, event: 'forward' as const })),
    {
      by: 'system',
      actor: null,
      now,
    },
  );
}

/**
 * The complainant withdraws an accepted complaint: every item still in play is withdrawn and
 * listings that were taken down are restored — exactly the measures applied are reverted and any
 * strike given is removed (SPEC §2 `withdrawn → restored`, §4).
 */
export async function onComplaintWithdrawn(
  tx: Queryable,
  complaint: ComplaintRow,
  actor: Actor,
  now: Date,
): Promise<void> {
  const live = await tx
    .select()
    .from(complaintItems)
    .where(and(eq(complaintItems.complaintId, complaint.id), inArray(complaintItems.status, [...itemDownStates])));
  const withdrawn = await moveItems(
    tx,
    complaint,
    live.map((item) => ({ item, event: 'withdraw' as const })),
    {
      by: 'complainant',
      actor,
      now,
      reason: 'The complainant withdrew the complaint.',
    },
  );
  await moveItems(
    tx,
    complaint,
    withdrawn.map((item) => ({ item, event: 'restore' as const })),
    {
      by: 'system',
      actor: null,
      now,
      reason: 'Restored after withdrawal: measures reverted (SPEC §2).',
    },
  );
}
