import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { sandboxClock } from '../db/schema/index.ts';
import type { OffsetClock } from '../domain/clock.ts';

/**
 * SPEC §3: a sandbox "test clock". When enabled by configuration, the application's clock runs
 * ahead of real time by an offset stored in the database, so the server and every worker process
 * agree on "now". Time only moves forward.
 */
export async function loadClockOffset(db: Queryable): Promise<number> {
  const [row] = await db.select().from(sandboxClock).where(eq(sandboxClock.id, 1));
  return row?.offsetMs ?? 0;
}

export async function advanceClock(db: Queryable, clock: OffsetClock, byMs: number): Promise<Date> {
  if (!Number.isFinite(byMs) || byMs < 0) throw new Error('the test clock only moves forward');
  const [row] = await db
    .insert(sandboxClock)
    .values({ id: 1, offsetMs: byMs, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: sandboxClock.id,
      set: { offsetMs: sql`${sandboxClock.offsetMs} + ${byMs}`, updatedAt: new Date() },
    })
    .returning();
  clock.offsetMs = row!.offsetMs;
  return clock.now();
}

/** Keeps a process's clock in step with the shared offset (called by workers each tick). */
export async function syncClock(db: Queryable, clock: OffsetClock): Promise<void> {
  clock.offsetMs = Math.max(clock.offsetMs, await loadClockOffset(db));
}
