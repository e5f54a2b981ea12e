import type { Queryable } from '../db/client.ts';
import { type PeriodName, periodFor } from '../domain/jurisdictions.ts';
import { computeDue, type Due } from './deadlines.ts';
import { recordHistory } from './history.ts';

/** When a period of the procedure that starts at `from` ends, in the complaint's jurisdiction (SPEC §3). */
export async function dueFor(
  db: Queryable,
  jurisdiction: string,
  period: PeriodName,
  from: Date,
  complaintId?: string,
): Promise<Due & { basis: string }> {
  const p = periodFor(jurisdiction, period);
  const due = await computeDue(db, jurisdiction, p.rule, from);
  // SPEC §3: a deadline in a year with no official calendar loaded is flagged on the case itself.
  if (due.warning && complaintId) {
    await recordHistory(db, {
      complaintId,
      actor: null,
      action: 'deadline.calendar_missing',
      reason: due.warning,
      data: { period, jurisdiction, dueDate: due.dueDate },
      at: from,
    });
  }
  return { ...due, basis: p.basis };
}

/** Reminders go out one day before a deadline, or halfway through a shorter one. */
export function reminderTime(from: Date, dueAt: Date): Date {
  const dayBefore = dueAt.getTime() - 86_400_000;
  return new Date(Math.max(dayBefore, from.getTime() + (dueAt.getTime() - from.getTime()) / 2));
}
