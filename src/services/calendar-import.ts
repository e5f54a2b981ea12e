import ICAL from 'ical.js';
import { z } from 'zod';
import { replaceCalendarYear } from '../db/calendars.ts';
import type { Queryable } from '../db/client.ts';
import { addDays, type CalendarDay, daysBetween, isIsoDate, yearOf } from '../domain/calendar.ts';

/**
 * Calendar files in the formats people already publish (SPEC §3): the holiday-cn JSON format and
 * iCalendar with one all-day event per day off. A listed working day on a weekend is an adjusted
 * working day (调休上班).
 */

export interface FileProblem {
  /** where: `line 12` in an .ics file, `days[3].date` in a JSON file, or `file`. */
  field: string;
  message: string;
}

export class CalendarFileError extends Error {
  constructor(readonly problems: FileProblem[]) {
    super(
      problems
        .slice(0, 5)
        .map((p) => `${p.field}: ${p.message}`)
        .join('; ') + (problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''),
    );
  }
}

export interface ParsedCalendar {
  year: number;
  /** the year's listed days; a notice may also list days of the neighbouring years. */
  days: CalendarDay[];
}

const dayName = z.string().trim().min(1, 'must name the holiday').max(100);

/** The holiday-cn JSON format: `{"year":2026,"days":[{"name":"春节","date":"2026-02-14","isOffDay":false}]}`. */
export const holidayCnFile = z.object({
  year: z.number().int().min(1949).max(2200),
  papers: z.array(z.string()).optional(),
  days: z.array(
    z.object({
      name: dayName,
      date: z.string().refine(isIsoDate, 'must be a calendar day written YYYY-MM-DD'),
      isOffDay: z.boolean(),
    }),
  ),
});
export type HolidayCnFile = z.infer<typeof holidayCnFile>;

function fieldOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || 'file';
}

/** Reads a holiday-cn JSON file (text, or a body already parsed). `year`, when given, must match. */
export function parseHolidayCnJson(input: string | unknown, year?: number): ParsedCalendar {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (err) {
      throw new CalendarFileError([{ field: jsonErrorPlace(input, err), message: 'is not valid JSON' }]);
    }
  }
  const parsed = holidayCnFile.safeParse(value);
  if (!parsed.success) {
    throw new CalendarFileError(parsed.error.issues.map((i) => ({ field: fieldOf(i.path), message: i.message })));
  }
  const file = parsed.data;
  if (year !== undefined && year !== file.year) {
    throw new CalendarFileError([{ field: 'year', message: `the file is for ${file.year}, not ${year}` }]);
  }
  const problems: FileProblem[] = [];
  const seen = new Map<string, number>();
  file.days.forEach((d, i) => {
    if (Math.abs(yearOf(d.date) - file.year) > 1) {
      problems.push({ field: `days[${i}].date`, message: `${d.date} is not in or next to ${file.year}` });
    }
    const earlier = seen.get(d.date);
    if (earlier !== undefined) problems.push({ field: `days[${i}].date`, message: `${d.date} is listed twice` });
    seen.set(d.date, earlier ?? i);
  });
  if (problems.length) throw new CalendarFileError(problems);
  return { year: file.year, days: file.days.map((d) => ({ date: d.date, isOffDay: d.isOffDay, name: d.name })) };
}

function jsonErrorPlace(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return `line ${lineColumn[1]}, column ${lineColumn[2]}`;
  const position = /position (\d+)/.exec(message);
  if (!position) return 'file';
  const before = text.slice(0, Number(position[1])).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

// Published holiday .ics files (chinese-days, holiday-cn) also carry the adjusted working days, marked
// in the title — "国庆节(班)", "National Day(Workday)" — or by Apple's ALTERNATE-WORKDAY property.
const workdayTitle = /[(（]\s*(补班|上班|班|workday|working day)\s*[)）]\s*$/i;
const statusTitle = /\s*[(（]\s*(休|放假|补班|上班|班|holiday|day off|workday|working day)\s*[)）]\s*$/i;

interface EventDays {
  line: number;
  name: string;
  isOffDay: boolean;
  dates: string[];
}

/**
 * Reads an iCalendar file: one all-day event per day off, or one event over several days (DTEND is
 * exclusive, RFC 5545 §3.6.1). Events marked as working days list adjusted working days. A file
 * covering several years needs `year`; only that year's days are kept.
 */
export function parseICalendar(text: string, year?: number): ParsedCalendar {
  const lines = text.split(/\r\n|\n|\r/);
  const firstLine = lines.findIndex((l) => l.trim() !== '');
  if (firstLine < 0 || lines[firstLine]?.trim().toUpperCase() !== 'BEGIN:VCALENDAR') {
    throw new CalendarFileError([
      { field: `line ${firstLine + 1 || 1}`, message: 'not an iCalendar file: expected BEGIN:VCALENDAR' },
    ]);
  }
  const eventLines = lines.flatMap((l, i) => (/^BEGIN:VEVENT\s*$/i.test(l) ? [i + 1] : []));
  let jCal: unknown;
  try {
    jCal = ICAL.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new CalendarFileError([{ field: 'file', message: `not a valid iCalendar file: ${message}` }]);
  }
  if (!Array.isArray(jCal) || typeof jCal[0] !== 'string') {
    throw new CalendarFileError([{ field: 'file', message: 'holds more than one VCALENDAR; send one' }]);
  }
  const events = new ICAL.Component(jCal).getAllSubcomponents('vevent');
  const problems: FileProblem[] = [];
  const found: EventDays[] = [];
  events.forEach((event, i) => {
    const line = eventLines[i] ?? 0;
    try {
      const days = readEvent(event, line);
      if (days) found.push(days);
    } catch (err) {
      problems.push({ field: `line ${line}`, message: err instanceof Error ? err.message : String(err) });
    }
  });
  if (problems.length) throw new CalendarFileError(problems);
  return collectYear(found, year);
}

function readEvent(event: ICAL.Component, line: number): EventDays | undefined {
  const status = event.getFirstPropertyValue('status');
  if (typeof status === 'string' && status.toUpperCase() === 'CANCELLED') return undefined;
  const summary = event.getFirstPropertyValue('summary');
  if (typeof summary !== 'string' || summary.trim() === '') {
    throw new Error('the event has no SUMMARY (the name of the holiday)');
  }
  if (event.hasProperty('rrule') || event.hasProperty('rdate')) {
    throw new Error(`'${summary}' repeats (RRULE/RDATE); list each year's days as their own events`);
  }
  const start = dateValue(event, 'dtstart');
  if (start === undefined) throw new Error(`'${summary}' has no DTSTART`);
  let end = dateValue(event, 'dtend');
  if (end === undefined) {
    const computed = new ICAL.Event(event).endDate?.toString();
    end = computed && isIsoDate(computed) ? computed : addDays(start, 1);
  }
  const span = daysBetween(start, end);
  if (span < 1) throw new Error(`'${summary}': DTEND must be after DTSTART (DTEND is the day after the last day)`);
  if (span > 366) throw new Error(`'${summary}' lasts ${span} days; an event longer than a year is not a holiday`);
  const isWorkday =
    workdayTitle.test(summary) || event.getFirstPropertyValue('x-apple-special-day') === 'ALTERNATE-WORKDAY';
  const name = summary.replace(statusTitle, '').trim() || summary.trim();
  return { line, name, isOffDay: !isWorkday, dates: Array.from({ length: span }, (_, k) => addDays(start, k)) };
}

/** An all-day date property as YYYY-MM-DD, refusing date-times and impossible dates. */
function dateValue(event: ICAL.Component, name: 'dtstart' | 'dtend'): string | undefined {
  const prop = event.getFirstProperty(name);
  if (!prop) return undefined;
  const raw: unknown = prop.jCal[3];
  const field = name.toUpperCase();
  if (prop.type !== 'date') {
    throw new Error(`${field} must be an all-day date (${field};VALUE=DATE:YYYYMMDD), not a date and time`);
  }
  if (typeof raw !== 'string' || !isIsoDate(raw)) throw new Error(`${field} is not a real date`);
  return raw;
}

function collectYear(found: EventDays[], year: number | undefined): ParsedCalendar {
  const years = [...new Set(found.flatMap((e) => e.dates.map(yearOf)))].sort((a, b) => a - b);
  const chosen = year ?? (years.length === 1 ? years[0] : undefined);
  if (chosen === undefined) {
    const message = years.length
      ? `the file covers ${years.join(', ')}: choose the year to load (--year, or ?year= through the API)`
      : 'the file has no all-day events';
    throw new CalendarFileError([{ field: 'year', message }]);
  }
  const byDate = new Map<string, CalendarDay & { line: number }>();
  const problems: FileProblem[] = [];
  for (const e of found) {
    for (const date of e.dates) {
      if (yearOf(date) !== chosen) continue;
      const other = byDate.get(date);
      if (other && other.isOffDay !== e.isOffDay) {
        problems.push({
          field: `line ${e.line}`,
          message: `${date} is a day off in one event (line ${other.line}) and a working day in another`,
        });
      }
      if (!other) byDate.set(date, { date, isOffDay: e.isOffDay, name: e.name, line: e.line });
    }
  }
  if (problems.length) throw new CalendarFileError(problems);
  if (byDate.size === 0) throw new CalendarFileError([{ field: 'year', message: `the file has no days in ${chosen}` }]);
  const days = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)).map(({ line: _line, ...d }) => d);
  return { year: chosen, days };
}

/** Picks the format by the file name or the content. */
export function parseCalendarFile(fileName: string, content: string, year?: number): ParsedCalendar {
  const text = content.replace(/^\uFEFF/, '');
  if (/\.(ics|ical|ifb|icalendar)$/i.test(fileName) || /^\s*BEGIN:VCALENDAR/i.test(text)) {
    return parseICalendar(text, year);
  }
  return parseHolidayCnJson(text, year);
}

/** A year of a calendar in the holiday-cn JSON format. */
export function toHolidayCnJson(year: number, days: readonly CalendarDay[]): HolidayCnFile {
  return { year, days: days.map((d) => ({ name: d.name, date: d.date, isOffDay: d.isOffDay })) };
}

/** Replaces the jurisdiction's year with the parsed file, atomically, recording the source. */
export async function importCalendar<J extends string>(
  db: Queryable,
  jurisdiction: J,
  parsed: ParsedCalendar,
  source: string,
): Promise<{ jurisdiction: J; year: number; days: number; source: string }> {
  await replaceCalendarYear(db, jurisdiction, parsed.year, parsed.days, source);
  return { jurisdiction, year: parsed.year, days: parsed.days.length, source };
}
