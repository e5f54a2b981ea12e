/**
 * Official working-day calendars (SPEC §3): Monday–Friday are working days, Saturday and Sunday are
 * not, except for the days an official notice lists — a day off (statutory holiday) or an adjusted
 * working day on a weekend (调休上班). Calendar days are `YYYY-MM-DD` strings; instants are Dates.
 */

/** A calendar day, `YYYY-MM-DD`. */
export type IsoDate = string;

/** A day an official calendar lists: a day off, or (isOffDay false) an adjusted working day. */
export interface CalendarDay {
  date: IsoDate;
  isOffDay: boolean;
  name: string;
}

export interface WorkingCalendar {
  readonly jurisdiction: string;
  readonly days: ReadonlyMap<IsoDate, CalendarDay>;
  /** the years whose official calendar is loaded; outside them only the weekend rule is known. */
  readonly loadedYears: ReadonlySet<number>;
}

export function workingCalendar(
  jurisdiction: string,
  days: Iterable<CalendarDay>,
  loadedYears: Iterable<number>,
): WorkingCalendar {
  const byDate = new Map<IsoDate, CalendarDay>();
  for (const d of days) byDate.set(d.date, d);
  return { jurisdiction, days: byDate, loadedYears: new Set(loadedYears) };
}

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real day of the proleptic Gregorian calendar written `YYYY-MM-DD` (no 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const m = isoDatePattern.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && y >= 1000;
}

function toUtcMidnight(date: IsoDate): Date {
  if (!isIsoDate(date)) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${date}`);
  return new Date(`${date}T00:00:00Z`);
}

export function addDays(date: IsoDate, n: number): IsoDate {
  const t = toUtcMidnight(date);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtcMidnight(b).getTime() - toUtcMidnight(a).getTime()) / 86_400_000);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return toUtcMidnight(date).getUTCDay();
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

export function isWeekend(date: IsoDate): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

export function isWorkingDay(calendar: WorkingCalendar, date: IsoDate): boolean {
  const listed = calendar.days.get(date);
  if (listed) return !listed.isOffDay;
  return !isWeekend(date);
}

// A calendar in which no working day comes for this long is corrupt (every day marked off), not a long holiday.
const longestRest = 366;

/** The first working day strictly after `date`. */
export function nextWorkingDay(calendar: WorkingCalendar, date: IsoDate): IsoDate {
  let d = date;
  for (let i = 0; i < longestRest; i += 1) {
    d = addDays(d, 1);
    if (isWorkingDay(calendar, d)) return d;
  }
  throw new RangeError(`the ${calendar.jurisdiction} calendar has no working day in the year after ${date}`);
}

/** The years from `first` to `last` (inclusive) whose calendar is not loaded. */
export function unloadedYears(calendar: WorkingCalendar, first: IsoDate, last: IsoDate): number[] {
  const missing: number[] = [];
  for (let y = yearOf(first); y <= yearOf(last); y += 1) if (!calendar.loadedYears.has(y)) missing.push(y);
  return missing;
}

// Time zones: the tz database comes with the runtime through Intl; no offset is written down here.
const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(
  instant: Date,
  timeZone: string,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  let f = partFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partFormatters.set(timeZone, f);
  }
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of f.formatToParts(instant)) {
    if (p.type in out) out[p.type as keyof typeof out] = Number(p.value);
  }
  return out;
}

/** The calendar day an instant falls on in a time zone, e.g. 2025-09-30T17:30Z → 2025-10-01 in Asia/Shanghai. */
export function localDateOf(instant: Date, timeZone: string): IsoDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError('not a valid instant');
  const p = partsIn(instant, timeZone);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The zone's offset from UTC at an instant, in milliseconds (whole seconds, as the tz database has them). */
function offsetAt(instantMs: number, timeZone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  const p = partsIn(new Date(whole), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - whole;
}

/** The first instant of a calendar day in a time zone. */
export function startOfLocalDay(date: IsoDate, timeZone: string): Date {
  const wall = toUtcMidnight(date).getTime();
  const first = wall - offsetAt(wall, timeZone);
  // Across an offset change the first guess uses the wrong side's offset; one correction settles it.
  const second = wall - offsetAt(first, timeZone);
  return new Date(localDateOf(new Date(second), timeZone) === date ? second : first);
}

/** The last instant of a calendar day in a time zone (Civil Code art. 203: a period ends at 24:00). */
export function endOfLocalDay(date: IsoDate, timeZone: string): Date {
  return new Date(startOfLocalDay(addDays(date, 1), timeZone).getTime() - 1);
}
