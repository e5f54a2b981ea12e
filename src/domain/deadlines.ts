import {
  addDays,
  endOfLocalDay,
  type IsoDate,
  isWorkingDay,
  localDateOf,
  nextWorkingDay,
  unloadedYears,
  type WorkingCalendar,
} from './calendar.ts';
import type { JurisdictionProfile, PeriodRule } from './jurisdictions.ts';

export type { PeriodRule } from './jurisdictions.ts';

export interface Due {
  /** the last day of the period in the jurisdiction's calendar, YYYY-MM-DD. */
  dueDate: IsoDate;
  /** the end of that day in the jurisdiction's time zone, as an instant. */
  dueAt: Date;
  /** set when the period runs into a year whose official calendar is not loaded. */
  warning?: string;
}

// Ten years of days is far beyond any period of the procedure; larger numbers are input mistakes.
export const longestPeriod = 3650;

/** Refuses a rule that is not a whole number of days from 1 to 3650. */
export function checkPeriodRule(rule: PeriodRule): void {
  const n = 'days' in rule ? rule.days : rule.workingDays;
  if (!Number.isInteger(n) || n < 1 || n > longestPeriod) {
    throw new RangeError(`a period must be a whole number of days from 1 to ${longestPeriod}, not ${n}`);
  }
}

/** The N-th working day after the day of receipt (SPEC §3: counting starts the day after receipt). */
export function workingDaysAfter(calendar: WorkingCalendar, receivedOn: IsoDate, n: number): IsoDate {
  let d = receivedOn;
  for (let left = n; left > 0; left -= 1) d = nextWorkingDay(calendar, d);
  return d;
}

/**
 * The last day of an N-day period. PRC Civil Code art. 201: the day of receipt is not counted, so
 * the last day is receipt + N; art. 203: if that day is a rest day or statutory holiday, the period
 * ends on the next working day.
 */
export function daysAfter(calendar: WorkingCalendar, receivedOn: IsoDate, n: number): IsoDate {
  const last = addDays(receivedOn, n);
  return isWorkingDay(calendar, last) ? last : nextWorkingDay(calendar, last);
}

/** The last day of a period that starts on the day of receipt. */
export function lastDayOf(calendar: WorkingCalendar, rule: PeriodRule, receivedOn: IsoDate): IsoDate {
  checkPeriodRule(rule);
  return 'days' in rule
    ? daysAfter(calendar, receivedOn, rule.days)
    : workingDaysAfter(calendar, receivedOn, rule.workingDays);
}

/**
 * When a period that starts with a receipt at `receivedAt` ends. The day of receipt is the calendar
 * day in the jurisdiction's time zone: a receipt at 2025-09-30T17:30Z is received on 1 October in
 * Shanghai. The period ends at the last instant of its last day in that zone.
 */
export function computeDeadline(
  calendar: WorkingCalendar,
  profile: JurisdictionProfile,
  rule: PeriodRule,
  receivedAt: Date,
): Due {
  const receivedOn = localDateOf(receivedAt, profile.timeZone);
  const dueDate = lastDayOf(calendar, rule, receivedOn);
  const due: Due = { dueDate, dueAt: endOfLocalDay(dueDate, profile.timeZone) };
  const warning = unloadedWarning(calendar, profile, addDays(receivedOn, 1), dueDate);
  if (warning) due.warning = warning;
  return due;
}

/** SPEC §3: warn when a period runs through a year that has no official calendar loaded. */
export function unloadedWarning(
  calendar: WorkingCalendar,
  profile: JurisdictionProfile,
  first: IsoDate,
  last: IsoDate,
): string | undefined {
  if (!profile.calendarRequired && calendar.loadedYears.size === 0) return undefined;
  const missing = unloadedYears(calendar, first, last);
  if (missing.length === 0) return undefined;
  const years = missing.join(', ');
  return (
    `The ${profile.code} calendar for ${years} is not loaded: only Saturdays and Sundays were counted as rest days ` +
    `there, so the deadline may be wrong. Load the official calendar (rightsdesk calendar import) and compute again.`
  );
}
