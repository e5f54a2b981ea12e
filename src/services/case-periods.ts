import type { Queryable } from '../db/client.ts';
import { computeDue, type Due, type PeriodRule } from './deadlines.ts';

export type CasePeriod = 'counterNotice' | 'legalAction' | 'correction';

// Interim table until the jurisdiction profiles land: seed 000 §二(二)4, PRC E-Commerce Law art. 43, 17 USC 512(g)(2)(C).
const rules: Record<string, Record<CasePeriod, PeriodRule>> = {
  CN: { counterNotice: { workingDays: 5 }, legalAction: { days: 15 }, correction: { workingDays: 5 } },
  US: { counterNotice: { workingDays: 5 }, legalAction: { workingDays: 10 }, correction: { workingDays: 5 } },
  EU: { counterNotice: { workingDays: 5 }, legalAction: { days: 15 }, correction: { workingDays: 5 } },
};

/** When a case period that starts at `from` ends, in the complaint's jurisdiction. */
export function dueFor(db: Queryable, jurisdiction: string, period: CasePeriod, from: Date): Promise<Due> {
  const rule = (rules[jurisdiction] ?? rules.CN)![period];
  return computeDue(db, jurisdiction, rule, from);
}

/** Reminders go out one day before a deadline, or halfway through a short one. */
export function reminderTime(from: Date, dueAt: Date): Date {
  const dayBefore = dueAt.getTime() - 86_400_000;
  return new Date(Math.max(dayBefore, from.getTime() + (dueAt.getTime() - from.getTime()) / 2));
}
