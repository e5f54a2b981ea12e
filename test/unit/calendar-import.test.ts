import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  CalendarFileError,
  parseCalendarFile,
  parseHolidayCnJson,
  parseICalendar,
  toHolidayCnJson,
} from '../../src/services/calendar-import.ts';
import { chineseDaysYear } from '../../src/services/deadlines.ts';

const ics = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');
const event = (...lines: string[]) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'].join('\r\n');

function problemsOf(run: () => unknown) {
  try {
    run();
  } catch (err) {
    if (err instanceof CalendarFileError) return err.problems;
    throw err;
  }
  throw new Error('expected a CalendarFileError');
}

describe('holiday-cn JSON files', () => {
  it('reads days off and adjusted working days', () => {
    // SPEC §3: {"year":2026,"days":[{"name":"春节","date":"2026-02-14","isOffDay":false},…]}
    const parsed = parseHolidayCnJson(
      '{"year":2026,"papers":["https://www.gov.cn/"],"days":[{"name":"春节","date":"2026-02-14","isOffDay":false},{"name":"春节","date":"2026-02-15","isOffDay":true}]}',
    );
    expect(parsed).toEqual({
      year: 2026,
      days: [
        { date: '2026-02-14', isOffDay: false, name: '春节' },
        { date: '2026-02-15', isOffDay: true, name: '春节' },
      ],
    });
  });

  it('names the line and column of a JSON syntax error', () => {
    const problems = problemsOf(() => parseHolidayCnJson('{"year":2026,\n "days": [\n  {"name" "x"}]}'));
    expect(problems[0]?.field).toMatch(/^line 3, column \d+$/);
  });

  it('names each bad field', () => {
    const problems = problemsOf(() =>
      parseHolidayCnJson({ year: 2026, days: [{ name: '', date: '2026-02-30', isOffDay: 'yes' }] }),
    );
    expect(problems.map((p) => p.field).sort()).toEqual(['days[0].date', 'days[0].isOffDay', 'days[0].name']);
  });

  it('refuses a day listed twice, a day far from the year, and a file for another year', () => {
    const twice = { year: 2026, days: [1, 2].map(() => ({ name: 'x', date: '2026-05-01', isOffDay: true })) };
    expect(problemsOf(() => parseHolidayCnJson(twice))[0]).toEqual({
      field: 'days[1].date',
      message: '2026-05-01 is listed twice',
    });
    const far = { year: 2026, days: [{ name: 'x', date: '2030-05-01', isOffDay: true }] };
    expect(problemsOf(() => parseHolidayCnJson(far))[0]?.field).toBe('days[0].date');
    expect(problemsOf(() => parseHolidayCnJson({ year: 2026, days: [] }, 2027))[0]?.field).toBe('year');
  });

  it('writes back what it reads', () => {
    const days = chineseDaysYear(2026);
    expect(parseHolidayCnJson(JSON.stringify(toHolidayCnJson(2026, days)))).toEqual({ year: 2026, days });
  });
});

describe('iCalendar files', () => {
  it('reads one all-day event per day off, and a multi-day event up to its exclusive DTEND', () => {
    // RFC 5545 §3.6.1: DTEND of an all-day event is the day after the last day
    const parsed = parseICalendar(
      ics(
        event('DTSTART;VALUE=DATE:20270101', 'SUMMARY:New Year'),
        event('DTSTART;VALUE=DATE:20270205', 'DTEND;VALUE=DATE:20270208', 'SUMMARY:Spring Festival'),
        event('DTSTART;VALUE=DATE:20270501', 'DURATION:P2D', 'SUMMARY:Labour Day'),
      ),
    );
    expect(parsed.year).toBe(2027);
    expect(parsed.days).toEqual([
      { date: '2027-01-01', isOffDay: true, name: 'New Year' },
      { date: '2027-02-05', isOffDay: true, name: 'Spring Festival' },
      { date: '2027-02-06', isOffDay: true, name: 'Spring Festival' },
      { date: '2027-02-07', isOffDay: true, name: 'Spring Festival' },
      { date: '2027-05-01', isOffDay: true, name: 'Labour Day' },
      { date: '2027-05-02', isOffDay: true, name: 'Labour Day' },
    ]);
  });

  it('reads events marked (班) or ALTERNATE-WORKDAY as adjusted working days, as published files mark them', () => {
    const parsed = parseICalendar(
      ics(
        event('DTSTART;VALUE=DATE:20261001', 'DTEND;VALUE=DATE:20261008', 'SUMMARY:国庆节(休)'),
        event('DTSTART;VALUE=DATE:20261010', 'SUMMARY:国庆节(班)'),
        event('DTSTART;VALUE=DATE:20260920', 'SUMMARY:National Day', 'X-APPLE-SPECIAL-DAY:ALTERNATE-WORKDAY'),
      ),
    );
    expect(parsed.days.filter((d) => !d.isOffDay)).toEqual([
      { date: '2026-09-20', isOffDay: false, name: 'National Day' },
      { date: '2026-10-10', isOffDay: false, name: '国庆节' },
    ]);
    expect(parsed.days.filter((d) => d.isOffDay)).toHaveLength(7);
  });

  it('reads the .ics that chinese-days publishes for 2026 as the same calendar as its JSON', () => {
    const require = createRequire(import.meta.url);
    const text = readFileSync(require.resolve('chinese-days/dist/years/2026.ics'), 'utf8');
    expect(parseCalendarFile('2026.ics', text).days).toEqual(chineseDaysYear(2026));
  });

  it('names the line of an event with a time instead of a date', () => {
    const text = ics(
      event('DTSTART;VALUE=DATE:20270101', 'SUMMARY:ok'),
      event('DTSTART:20270102T090000Z', 'SUMMARY:x'),
    );
    const problems = problemsOf(() => parseICalendar(text));
    expect(problems[0]?.field).toBe('line 8');
    expect(problems[0]?.message).toContain('DTSTART must be an all-day date');
  });

  it('refuses impossible dates, repeating events, events without a name and DTEND before DTSTART', () => {
    expect(problemsOf(() => parseICalendar(ics(event('DTSTART;VALUE=DATE:20271301', 'SUMMARY:x'))))[0]?.message).toBe(
      'DTSTART is not a real date',
    );
    expect(
      problemsOf(() => parseICalendar(ics(event('DTSTART;VALUE=DATE:20270101', 'RRULE:FREQ=YEARLY', 'SUMMARY:x'))))[0]
        ?.message,
    ).toContain('repeats');
    expect(problemsOf(() => parseICalendar(ics(event('DTSTART;VALUE=DATE:20270101'))))[0]?.message).toContain(
      'SUMMARY',
    );
    expect(
      problemsOf(() =>
        parseICalendar(ics(event('DTSTART;VALUE=DATE:20270105', 'DTEND;VALUE=DATE:20270105', 'SUMMARY:x'))),
      )[0]?.message,
    ).toContain('DTEND must be after DTSTART');
  });

  it('asks for the year when a file covers several, and keeps only that year', () => {
    const text = ics(
      event('DTSTART;VALUE=DATE:20261231', 'DTEND;VALUE=DATE:20270103', 'SUMMARY:New Year'),
      event('DTSTART;VALUE=DATE:20270210', 'SUMMARY:Spring Festival'),
    );
    expect(problemsOf(() => parseICalendar(text))[0]).toEqual({
      field: 'year',
      message: 'the file covers 2026, 2027: choose the year to load (--year, or ?year= through the API)',
    });
    expect(parseICalendar(text, 2027).days.map((d) => d.date)).toEqual(['2027-01-01', '2027-01-02', '2027-02-10']);
  });

  it('refuses a day that is off in one event and worked in another', () => {
    const text = ics(
      event('DTSTART;VALUE=DATE:20270101', 'SUMMARY:New Year'),
      event('DTSTART;VALUE=DATE:20270101', 'SUMMARY:New Year(班)'),
    );
    expect(problemsOf(() => parseICalendar(text))[0]?.message).toContain(
      '2027-01-01 is a day off in one event (line 4)',
    );
  });

  it('refuses a file that is not iCalendar, naming the line', () => {
    expect(problemsOf(() => parseICalendar('hello\r\n'))[0]).toEqual({
      field: 'line 1',
      message: 'not an iCalendar file: expected BEGIN:VCALENDAR',
    });
    expect(problemsOf(() => parseICalendar('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n'))[0]?.message).toContain(
      'not a valid iCalendar file',
    );
  });
});
