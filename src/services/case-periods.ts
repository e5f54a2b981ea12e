import type { Queryable } from '../db/client.ts';
import { type PeriodName, periodFor } from '../domain/jurisdictions.ts';
import { computeDue, type Due } from './deadlines.ts';

/** When a period of the procedure that starts at `from` ends, in the complaint's jurisdiction (SPEC §3). */
export async function dueFor(db: Queryable, jurisdiction: string, period: PeriodName, from: Date): Promise<Due & { basis: string }> {
  const p = periodFor(jurisdiction, period);
  return { ...(await computeDue(db, jurisdiction, p.rule, from)), basis: p.basis };
}

/** Reminders go out one day before a deadline, or halfway through a shorter one. */
export function reminderTime(from: Date, dueAt: Date): Date {
  const dayBefore = dueAt.getTime() - 86_400_000;
  return new Date(Math.max(dayBefore, from.getTime() + (dueAt.getTime() - from.getTime()) / 2));
}
