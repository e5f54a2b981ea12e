import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { deadlines } from '../db/schema/index.ts';

/** Cancels the pending deadlines that match, e.g. when the awaited answer came in. */
export async function cancelDeadlines(
  tx: Queryable,
  where: {
    complaintId?: string;
    itemIds?: string[];
    counterNoticeId?: string;
    kind?: string;
    correctionRequestId?: string;
  },
) {
  const conds = [eq(deadlines.status, 'pending')];
  if (where.complaintId) conds.push(eq(deadlines.complaintId, where.complaintId));
  if (where.itemIds) conds.push(where.itemIds.length ? inArray(deadlines.itemId, where.itemIds) : sql`false`);
  if (where.counterNoticeId) conds.push(eq(deadlines.counterNoticeId, where.counterNoticeId));
  if (where.correctionRequestId) conds.push(eq(deadlines.correctionRequestId, where.correctionRequestId));
  if (where.kind) conds.push(eq(deadlines.kind, where.kind));
  await tx
    .update(deadlines)
    .set({ status: 'cancelled' })
    .where(and(...conds));
}
