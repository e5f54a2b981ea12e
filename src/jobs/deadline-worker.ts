import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import { anyOf } from '../db/any-of.ts';
import type { Db, Tx } from '../db/client.ts';
import { deadlines } from '../db/schema/index.ts';
import { groupBy } from '../domain/group-by.ts';

export type DeadlineRow = typeof deadlines.$inferSelect;
/** Carries out what a deadline means, inside the transaction that marks it fired. */
export type DeadlineHandler = (tx: Tx, deadline: DeadlineRow, now: Date) => Promise<void>;
/** Optional: the same for many deadlines of one kind at once (the fast path at scale). */
export type BatchDeadlineHandler = (tx: Tx, deadlines: DeadlineRow[], now: Date) => Promise<void>;
export type ReminderHandler = (tx: Tx, deadline: DeadlineRow, now: Date) => Promise<void>;

export interface FireResult {
  fired: number;
  failed: number;
}

/**
 * Fires due deadlines once. Rows are claimed with FOR UPDATE SKIP LOCKED, so several worker
 * processes on one database never take the same deadline; the handler's state change, its history
 * event and the `fired` mark commit together, so a deadline fires at most once (SPEC §7).
 */
export async function fireDueDeadlines(
  db: Db,
  handlers: Record<string, DeadlineHandler>,
  batchHandlers: Record<string, BatchDeadlineHandler>,
  now: Date,
  options: { batchSize?: number; workerId?: string } = {},
): Promise<FireResult> {
  const batchSize = options.batchSize ?? 2000;
  const workerId = options.workerId ?? `pid-${process.pid}`;
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(deadlines)
      .where(and(eq(deadlines.status, 'pending'), lte(deadlines.dueAt, now)))
      .orderBy(asc(deadlines.dueAt))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    let fired = 0;
    let failed = 0;
    const firedIds: string[] = [];
    const single: DeadlineRow[] = [];
    const byKind = groupBy(due, (d) => d.kind);
    for (const [kind, rows] of byKind) {
      const batch = batchHandlers[kind];
      if (!batch || rows.length === 1) {
        single.push(...rows);
        continue;
      }
      try {
        await tx.transaction((sp) => batch(sp, rows, now));
        firedIds.push(...rows.map((r) => r.id));
        fired += rows.length;
      } catch {
        // One bad case in the batch: fall back to one savepoint per deadline to isolate it.
        single.push(...rows);
      }
    }
    for (const deadline of single) {
      const handler = handlers[deadline.kind];
      try {
        // A savepoint per deadline: one bad case does not hold back the others in the batch.
        await tx.transaction(async (sp) => {
          if (!handler) throw new Error(`no handler for deadline kind '${deadline.kind}'`);
          await handler(sp, deadline, now);
        });
        firedIds.push(deadline.id);
        fired += 1;
      } catch (err) {
        failed += 1;
        await tx
          .update(deadlines)
          .set({
            status: 'failed',
            firedAt: now,
            firedBy: `${workerId}: ${String((err as Error).message).slice(0, 500)}`,
          })
          .where(eq(deadlines.id, deadline.id));
      }
    }
    if (firedIds.length) {
      await tx
        .update(deadlines)
        .set({ status: 'fired', firedAt: now, firedBy: workerId })
        .where(anyOf(deadlines.id, firedIds));
    }
    return { fired, failed };
  });
}

/** Sends reminders for deadlines whose reminder time has come (SPEC §5; issue: reminders before a deadline). */
export async function sendDueReminders(
  db: Db,
  remind: ReminderHandler,
  now: Date,
  options: { batchSize?: number } = {},
): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(deadlines)
      .where(and(eq(deadlines.status, 'pending'), isNull(deadlines.remindedAt), lte(deadlines.remindAt, now)))
      .limit(options.batchSize ?? 500)
      .for('update', { skipLocked: true });
    for (const d of due) await remind(tx, d, now);
    if (due.length) {
      await tx
        .update(deadlines)
        .set({ remindedAt: now })
        .where(
          inArray(
            deadlines.id,
            due.map((d) => d.id),
          ),
        );
    }
    return due.length;
  });
}
