import type { Queryable } from '../db/client.ts';

/** A period rule: "N working days after receipt" or "N days" (PRC Civil Code arts. 201–203). */
export type PeriodRule = { workingDays: number } | { days: number };

export interface Due {
  /** the last day of the period in the jurisdiction's calendar, YYYY-MM-DD. */
  dueDate: string;
  /** the end of that day in the jurisdiction's time zone, as an instant. */
  dueAt: Date;
  /** set when the period runs into a year whose official calendar is not loaded. */
  warning?: string;
}

/**
 * Computes when a period that starts at `from` ends in a jurisdiction, reading the official
 * calendar from the database. (Placeholder: weekdays only, UTC; replaced by the calendar work.)
 */
export async function computeDue(_db: Queryable, _jurisdiction: string, rule: PeriodRule, from: Date): Promise<Due> {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  if ('days' in rule) d.setUTCDate(d.getUTCDate() + rule.days);
  else {
    let left = rule.workingDays;
    while (left > 0) {
      d.setUTCDate(d.getUTCDate() + 1);
      if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left -= 1;
    }
  }
  const dueDate = d.toISOString().slice(0, 10);
  return { dueDate, dueAt: new Date(`${dueDate}T23:59:59.999Z`) };
}
