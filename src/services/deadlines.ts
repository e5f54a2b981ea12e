import { createRequire } from 'node:module';
import usFederalHolidays from '@18f/us-federal-holidays';
import { z } from 'zod';
import { hasLoadedYears, loadCalendar, replaceCalendarYear } from '../db/calendars.ts';
import type { Queryable } from '../db/client.ts';
import { type CalendarDay, localDateOf, yearOf } from '../domain/calendar.ts';
import { computeDeadline, type Due, type PeriodRule } from '../domain/deadlines.ts';
import { jurisdictionProfile } from '../domain/jurisdictions.ts';

export type { Due, PeriodRule } from '../domain/deadlines.ts';

/**
 * Computes when a period that starts at `from` ends in a jurisdiction, reading the official
 * calendar from the database (SPEC §3: the database, not a package, is what deadlines read).
 * Nothing is cached, so an import or edit made by another process counts at once.
 * Throws a RangeError for an unknown jurisdiction or a period outside 1–3650 days.
 */
export async function computeDue(db: Queryable, jurisdiction: string, rule: PeriodRule, from: Date): Promise<Due> {
  const profile = jurisdictionProfile(jurisdiction);
  const calendar = await loadCalendar(db, profile.code, yearOf(localDateOf(from, profile.timeZone)));
  return computeDeadline(calendar, profile, rule, from);
}

const require = createRequire(import.meta.url);

/** chinese-days keeps each listed day as "English name,中文名,days". */
const chineseDaysData = z.object({
  holidays: z.record(z.string(), z.string()),
  workdays: z.record(z.string(), z.string()),
});

/** The years of China's official calendar that the chinese-days package has. */
export function chineseDaysYears(): number[] {
  const data = chineseDaysData.parse(require('chinese-days/dist/chinese-days.json'));
  const years = new Set([...Object.keys(data.holidays), ...Object.keys(data.workdays)].map(yearOf));
  return [...years].sort((a, b) => a - b);
}

/**
 * One year of China's calendar from the chinese-days package, which transcribes the State Council
 * General Office notices. Its 2024–2026 data matches shared/calendars/README.md (tested).
 */
export function chineseDaysYear(year: number): CalendarDay[] {
  const data = chineseDaysData.parse(require('chinese-days/dist/chinese-days.json'));
  const nameOf = (label: string) => label.split(',')[1]?.trim() || label;
  const days: CalendarDay[] = [];
  for (const [date, label] of Object.entries(data.holidays)) {
    if (yearOf(date) === year) days.push({ date, isOffDay: true, name: nameOf(label) });
  }
  for (const [date, label] of Object.entries(data.workdays)) {
    if (yearOf(date) === year) days.push({ date, isOffDay: false, name: nameOf(label) });
  }
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * The US federal holidays (5 USC 6103) observed in a calendar year: a Saturday holiday on the Friday
 * before, a Sunday one on the Monday after (EO 11582). New Year's Day of the next year can be
 * observed on 31 December of this one, so both years' lists are read.
 */
export function usFederalHolidaysYear(year: number): CalendarDay[] {
  const options = { shiftSaturdayHolidays: true, shiftSundayHolidays: true };
  return [...usFederalHolidays.allForYear(year, options), ...usFederalHolidays.allForYear(year + 1, options)]
    .filter((h) => yearOf(h.dateString) === year)
    .map((h) => ({ date: h.dateString, isOffDay: true, name: h.name }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

function packageVersion(name: string): string {
  const pkg = z.object({ version: z.string() }).parse(require(`${name}/package.json`));
  return `${name}@${pkg.version}`;
}

const seedYears = { US: { from: 2024, to: 2030 }, CN: { from: 2024, to: 2027 } } as const;

/**
 * Loads the official calendars of a jurisdiction that has no year loaded yet: CN 2024–2026 (and
 * 2027 once the package has it) from chinese-days, US 2024–2030 from @18f/us-federal-holidays.
 * EU has no official calendar to seed: weekends are its only rest days until an admin loads one.
 * A jurisdiction with any year loaded is left alone, so admins' imports and edits are kept.
 */
export async function ensureCalendarsSeeded(db: Queryable): Promise<void> {
  if (!(await hasLoadedYears(db, 'CN'))) {
    const source = `${packageVersion('chinese-days')} (State Council General Office holiday notices)`;
    const available = new Set(chineseDaysYears());
    for (let year = seedYears.CN.from; year <= seedYears.CN.to; year += 1) {
      if (available.has(year)) await replaceCalendarYear(db, 'CN', year, chineseDaysYear(year), source);
    }
  }
  if (!(await hasLoadedYears(db, 'US'))) {
    const source = `${packageVersion('@18f/us-federal-holidays')} (5 USC 6103 federal holidays, as observed)`;
    for (let year = seedYears.US.from; year <= seedYears.US.to; year += 1) {
      await replaceCalendarYear(db, 'US', year, usFederalHolidaysYear(year), source);
    }
  }
}
