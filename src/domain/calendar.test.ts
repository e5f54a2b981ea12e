import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  type CalendarDay,
  daysBetween,
  endOfLocalDay,
  isIsoDate,
  isWorkingDay,
  localDateOf,
  startOfLocalDay,
  workingCalendar,
} from './calendar.ts';
import { computeDeadline, type PeriodRule } from './deadlines.ts';
import { jurisdictionCodes, jurisdictionProfile } from './jurisdictions.ts';

describe('calendar days', () => {
  it('accepts only real days written YYYY-MM-DD', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    for (const bad of ['2025-02-29', '2026-02-30', '2026-13-01', '2026-1-01', '20260101', '2026-01-01T00:00']) {
      expect(isIsoDate(bad), bad).toBe(false);
    }
  });

  it('adds days across months and years', () => {
    expect(addDays('2025-12-30', 3)).toBe('2026-01-02');
    expect(daysBetween('2025-09-16', '2025-10-01')).toBe(15);
  });

  it('lets a listed day override the weekend rule both ways', () => {
    const calendar = workingCalendar(
      'CN',
      [
        { date: '2025-09-28', isOffDay: false, name: '国庆节' },
        { date: '2025-10-01', isOffDay: true, name: '国庆节' },
      ],
      [2025],
    );
    expect(isWorkingDay(calendar, '2025-09-28')).toBe(true);
    expect(isWorkingDay(calendar, '2025-10-01')).toBe(false);
    expect(isWorkingDay(calendar, '2025-09-27')).toBe(false);
    expect(isWorkingDay(calendar, '2025-09-29')).toBe(true);
  });
});

describe('time zones', () => {
  it('takes the local day of an instant from the time zone', () => {
    expect(localDateOf(new Date('2025-09-30T17:30:00Z'), 'Asia/Shanghai')).toBe('2025-10-01');
    expect(localDateOf(new Date('2025-09-30T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2025-09-30');
    expect(localDateOf(new Date('2026-07-03T02:00:00Z'), 'America/New_York')).toBe('2026-07-02');
  });

  it('ends a Shanghai day at 15:59:59.999 UTC', () => {
    expect(endOfLocalDay('2025-10-10', 'Asia/Shanghai').toISOString()).toBe('2025-10-10T15:59:59.999Z');
  });

  it('ends days correctly on the days the clocks change in New York and Brussels', () => {
    expect(startOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(endOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-09T03:59:59.999Z');
    expect(endOfLocalDay('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-02T04:59:59.999Z');
    expect(endOfLocalDay('2026-03-29', 'Europe/Brussels').toISOString()).toBe('2026-03-29T21:59:59.999Z');
    expect(endOfLocalDay('2026-10-25', 'Europe/Brussels').toISOString()).toBe('2026-10-25T22:59:59.999Z');
  });
});

// Properties over random calendars: any mix of listed days off and adjusted working days in 2025–2027.
const listedDay = fc
  .record({ offset: fc.integer({ min: 0, max: 3 * 365 }), isOffDay: fc.boolean() })
  .map(({ offset, isOffDay }): CalendarDay => ({ date: addDays('2025-01-01', offset), isOffDay, name: 'listed' }));
const calendarArb = fc
  .record({
    days: fc.array(listedDay, { maxLength: 120 }),
    years: fc.subarray([2025, 2026, 2027]),
  })
  .map(({ days, years }) => workingCalendar('CN', days, years));
const instantArb = fc
  .integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') })
  .map((t) => new Date(t));
const ruleArb: fc.Arbitrary<PeriodRule> = fc.oneof(
  fc.integer({ min: 1, max: 60 }).map((n) => ({ workingDays: n })),
  fc.integer({ min: 1, max: 60 }).map((n) => ({ days: n })),
);
const profileArb = fc.constantFrom(...jurisdictionCodes).map(jurisdictionProfile);

describe('deadline properties', () => {
  it('never puts a deadline on a rest day', () => {
    fc.assert(
      fc.property(calendarArb, profileArb, ruleArb, instantArb, (calendar, profile, rule, from) => {
        expect(isWorkingDay(calendar, computeDeadline(calendar, profile, rule, from).dueDate)).toBe(true);
      }),
    );
  });

  it('never gives an earlier deadline for a longer period', () => {
    fc.assert(
      fc.property(
        calendarArb,
        profileArb,
        instantArb,
        fc.boolean(),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 30 }),
        (calendar, profile, from, working, n, more) => {
          const rule = (k: number): PeriodRule => (working ? { workingDays: k } : { days: k });
          const shorter = computeDeadline(calendar, profile, rule(n), from);
          const longer = computeDeadline(calendar, profile, rule(n + more), from);
          expect(longer.dueAt.getTime()).toBeGreaterThanOrEqual(shorter.dueAt.getTime());
        },
      ),
    );
  });

  it('ends N working days at least N calendar days after the day of receipt', () => {
    fc.assert(
      fc.property(
        calendarArb,
        profileArb,
        instantArb,
        fc.integer({ min: 1, max: 60 }),
        (calendar, profile, from, n) => {
          const due = computeDeadline(calendar, profile, { workingDays: n }, from);
          expect(daysBetween(localDateOf(from, profile.timeZone), due.dueDate)).toBeGreaterThanOrEqual(n);
        },
      ),
    );
  });

  it('ends at the last instant of the due day in the jurisdiction, after the receipt', () => {
    fc.assert(
      fc.property(calendarArb, profileArb, ruleArb, instantArb, (calendar, profile, rule, from) => {
        const due = computeDeadline(calendar, profile, rule, from);
        expect(localDateOf(due.dueAt, profile.timeZone)).toBe(due.dueDate);
        expect(localDateOf(new Date(due.dueAt.getTime() + 1), profile.timeZone)).toBe(addDays(due.dueDate, 1));
        expect(due.dueAt.getTime()).toBeGreaterThan(from.getTime());
      }),
    );
  });
});
