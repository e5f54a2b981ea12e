import { and, eq, inArray, sql } from 'drizzle-orm';
import { anyOf, arrayParam } from '../db/any-of.ts';
import type { Queryable } from '../db/client.ts';
import { measures } from '../db/schema/index.ts';
import {
  defaultMeasures,
  type InfringementType,
  type MeasureKind,
  type MeasureState,
  measureWorkflow,
} from '../domain/measures.ts';

export type MeasureRow = typeof measures.$inferSelect;

/** Records the measures requested for taken-down items (seed 000 §二(二)2). */
export async function requestMeasures(
  tx: Queryable,
  rows: { complaintId: string; itemId: string; infringementType: string; kinds?: readonly MeasureKind[] }[],
  now: Date,
): Promise<void> {
  const itemIds: string[] = [];
  const complaintIds: string[] = [];
  const kinds: string[] = [];
  for (const r of rows) {
    for (const kind of r.kinds ?? defaultMeasures[r.infringementType as InfringementType] ?? defaultMeasures.other) {
      itemIds.push(r.itemId);
      complaintIds.push(r.complaintId);
      kinds.push(kind);
    }
  }
  if (itemIds.length === 0) return;
  // One statement for any number of measures (a 10,000-item complaint requests ~30,000).
  await tx.execute(sql`
    INSERT INTO measures (complaint_id, item_id, kind, state, created_at)
    SELECT c, i, k, 'requested', ${now.toISOString()}::timestamptz
    FROM unnest(${arrayParam(complaintIds, 'uuid')}, ${arrayParam(itemIds, 'uuid')}, ${arrayParam(kinds, 'text')}) AS t(c, i, k)`);
}

/**
 * Restoration reverts exactly the measures that were applied and cancels the ones never carried out
 * (SPEC §2). Returns the measures it changed, as they now are.
 */
export async function revertMeasures(tx: Queryable, itemIds: string[], now: Date): Promise<MeasureRow[]> {
  if (itemIds.length === 0) return [];
  const changed: MeasureRow[] = [];
  for (let i = 0; i < itemIds.length; i += 5000) {
    const ids = itemIds.slice(i, i + 5000);
    changed.push(
      ...(await tx
        .update(measures)
        .set({ state: 'reverted', revertedAt: now })
        .where(and(anyOf(measures.itemId, ids), eq(measures.state, 'applied')))
        .returning()),
      ...(await tx
        .update(measures)
        .set({ state: 'cancelled', revertedAt: now })
        .where(and(anyOf(measures.itemId, ids), inArray(measures.state, ['requested', 'failed'])))
        .returning()),
    );
  }
  return changed;
}

/** The marketplace reports the outcome of a requested measure. */
export async function recordMeasureOutcome(
  tx: Queryable,
  measure: MeasureRow,
  outcome: 'applied' | 'failed',
  now: Date,
  error?: string,
): Promise<MeasureRow> {
  const to = measureWorkflow.next(measure.state as MeasureState, outcome);
  const [row] = await tx
    .update(measures)
    .set({
      state: to,
      appliedAt: outcome === 'applied' ? now : null,
      error: outcome === 'failed' ? (error ?? 'failed') : null,
    })
    .where(and(eq(measures.id, measure.id), eq(measures.state, measure.state)))
    .returning();
  if (!row) throw new Error('measure changed concurrently');
  return row;
}
