import { describe, expect, it } from 'vitest';
import { officialChina, officialUnitedStates } from '../../test/support/official-calendars.ts';
import { workingCalendar } from './calendar.ts';
import { computeDeadline, type PeriodRule } from './deadlines.ts';
import { jurisdictionProfile, periodFor } from './jurisdictions.ts';

const cn = jurisdictionProfile('CN');
const us = jurisdictionProfile('US');
const china = officialChina();
const unitedStates = officialUnitedStates();
const dueCN = (from: string, rule: PeriodRule) => computeDeadline(china, cn, rule, new Date(from));
const dueUS = (from: string, rule: PeriodRule) => computeDeadline(unitedStates, us, rule, new Date(from));

describe('N working days after receipt in China', () => {
  it('ends the SPEC example on 10 October 2025 at midnight Shanghai time', () => {
    // SPEC §3; 国办发明电〔2024〕12号: Sunday 28 Sep is worked, 1–8 Oct are off
    const due = dueCN('2025-09-26T10:00:00+08:00', { workingDays: 5 });
    expect(due.dueDate).toBe('2025-10-10');
    expect(due.dueAt.toISOString()).toBe('2025-10-10T15:59:59.999Z');
    expect(due.warning).toBeUndefined();
  });

  it('counts the adjusted working Saturday after National Day 2025', () => {
    // 国办发明电〔2024〕12号: Saturday 11 Oct 2025 is a working day
    expect(dueCN('2025-10-10T09:00:00+08:00', { workingDays: 1 }).dueDate).toBe('2025-10-11');
  });

  it('skips the Spring Festival week of 2025 and counts its adjusted working Sunday and Saturday', () => {
    // 国办发明电〔2024〕12号: 28 Jan–4 Feb off; Sunday 26 Jan and Saturday 8 Feb worked
    expect(dueCN('2025-01-24T12:00:00+08:00', { workingDays: 5 }).dueDate).toBe('2025-02-07');
    expect(dueCN('2025-02-06T12:00:00+08:00', { workingDays: 2 }).dueDate).toBe('2025-02-08');
  });

  it('skips the nine-day Spring Festival of 2026 and counts Saturdays 14 and 28 February', () => {
    // State Council notice of 2025-11-04: 15–23 Feb off; Saturdays 14 and 28 Feb worked
    expect(dueCN('2026-02-13T12:00:00+08:00', { workingDays: 1 }).dueDate).toBe('2026-02-14');
    expect(dueCN('2026-02-13T12:00:00+08:00', { workingDays: 3 }).dueDate).toBe('2026-02-25');
    expect(dueCN('2026-02-27T12:00:00+08:00', { workingDays: 1 }).dueDate).toBe('2026-02-28');
  });

  it('skips National Day 2024 and counts Sunday 29 September and Saturday 12 October', () => {
    // 国办发明电〔2023〕7号: 1–7 Oct off; Sunday 29 Sep and Saturday 12 Oct worked
    expect(dueCN('2024-09-27T12:00:00+08:00', { workingDays: 5 }).dueDate).toBe('2024-10-10');
    expect(dueCN('2024-10-10T12:00:00+08:00', { workingDays: 2 }).dueDate).toBe('2024-10-12');
  });

  it('skips Mid-Autumn and National Day 2026 and counts Sunday 20 September and Saturday 10 October', () => {
    // State Council notice of 2025-11-04: 25–27 Sep and 1–7 Oct off; Sunday 20 Sep and Saturday 10 Oct worked
    expect(dueCN('2026-09-18T12:00:00+08:00', { workingDays: 1 }).dueDate).toBe('2026-09-20');
    expect(dueCN('2026-09-24T12:00:00+08:00', { workingDays: 1 }).dueDate).toBe('2026-09-28');
    expect(dueCN('2026-09-30T12:00:00+08:00', { workingDays: 3 }).dueDate).toBe('2026-10-10');
  });

  it('treats a Saturday that no notice lists as a rest day', () => {
    // SPEC §3: Monday–Friday less the listed days off, plus the listed adjusted working days
    expect(dueCN('2025-03-07T12:00:00+08:00', { workingDays: 1 }).dueDate).toBe('2025-03-10');
  });
});

describe('the day of receipt is the day in the jurisdiction', () => {
  it('counts a receipt at 01:30 on 1 October in Shanghai (30 September in UTC) from 1 October', () => {
    // SPEC §3: counting starts the day after receipt, in Asia/Shanghai. From 1 Oct, 10 days end on
    // Saturday 11 Oct, a working day; from 30 Sep they would end on 10 Oct.
    const due = dueCN('2025-09-30T17:30:00Z', { days: 10 });
    expect(due.dueDate).toBe('2025-10-11');
    expect(due.dueAt.toISOString()).toBe('2025-10-11T15:59:59.999Z');
  });

  it('counts a receipt at 22:00 in New York on 2 July 2026 (3 July in UTC) from 2 July', () => {
    // 3 July 2026 is the observed Independence Day, so one business day from 2 July is Monday 6 July
    expect(dueUS('2026-07-03T02:00:00Z', { workingDays: 1 }).dueDate).toBe('2026-07-06');
  });
});

describe('N days (PRC Civil Code arts. 201–203)', () => {
  it('moves a period whose last day is a holiday to the end of the next working day', () => {
    // art. 203: 16 Sep + 15 days = 1 Oct, a holiday; 9 Oct is the next working day
    const due = dueCN('2025-09-16T10:00:00+08:00', { days: 15 });
    expect(due.dueDate).toBe('2025-10-09');
    expect(due.dueAt.toISOString()).toBe('2025-10-09T15:59:59.999Z');
  });

  it('ends the SPEC 15-day legal-action example on the adjusted working Saturday 11 October 2025', () => {
    // SPEC §3 `--days 15`; PRC E-Commerce Law art. 43; 国办发明电〔2024〕12号
    expect(dueCN('2025-09-26T10:00:00+08:00', { days: 15 }).dueDate).toBe('2025-10-11');
  });

  it('moves a period ending on an ordinary Sunday to Monday', () => {
    // art. 203: 1 Mar 2025 + 15 days = Sunday 16 Mar
    expect(dueCN('2025-03-01T10:00:00+08:00', { days: 15 }).dueDate).toBe('2025-03-17');
  });

  it('does not count the day of receipt', () => {
    // art. 201: 3 days from Monday 10 March end on Thursday 13 March
    expect(dueCN('2025-03-10T23:00:00+08:00', { days: 3 }).dueDate).toBe('2025-03-13');
  });
});

describe('US business days (5 USC 6103; 17 USC 512(g))', () => {
  it('skips Thanksgiving 2026 on 26 November', () => {
    expect(dueUS('2026-11-25T10:00:00-05:00', { workingDays: 1 }).dueDate).toBe('2026-11-27');
  });

  it('skips Christmas 2026 on Friday 25 December', () => {
    expect(dueUS('2026-12-24T10:00:00-05:00', { workingDays: 1 }).dueDate).toBe('2026-12-28');
  });

  it('skips Independence Day 2026 observed on Friday 3 July', () => {
    // EO 11582: 4 July 2026 is a Saturday, observed the Friday before
    expect(dueUS('2026-07-02T10:00:00-04:00', { workingDays: 1 }).dueDate).toBe('2026-07-06');
  });

  it('skips Juneteenth', () => {
    expect(dueUS('2025-06-18T10:00:00-04:00', { workingDays: 1 }).dueDate).toBe('2025-06-20');
    expect(dueUS('2026-06-18T10:00:00-04:00', { workingDays: 1 }).dueDate).toBe('2026-06-22');
  });

  it('restores 10 business days after a counter-notice, and no later than the 14th', () => {
    // 17 USC 512(g)(2)(C); Thanksgiving 26 Nov 2026 is not counted
    const period = periodFor('US', 'legalAction');
    const due = dueUS('2026-11-20T12:00:00-05:00', period.rule);
    expect(due.dueDate).toBe('2026-12-07');
    expect(due.dueAt.toISOString()).toBe('2026-12-08T04:59:59.999Z');
    expect(period.outerLimit).toBeDefined();
    expect(dueUS('2026-11-20T12:00:00-05:00', period.outerLimit?.rule ?? { workingDays: 0 }).dueDate).toBe(
      '2026-12-11',
    );
  });

  it('ends a summer deadline at midnight daylight time in New York', () => {
    expect(dueUS('2026-06-18T10:00:00-04:00', { workingDays: 1 }).dueAt.toISOString()).toBe('2026-06-23T03:59:59.999Z');
  });
});

describe('warnings for calendars not loaded', () => {
  it('warns when a period runs into a year whose calendar is not loaded', () => {
    // SPEC §3: the system warns when a deadline falls in a year that has no calendar loaded
    const due = dueCN('2026-12-28T10:00:00+08:00', { workingDays: 5 });
    expect(due.dueDate).toBe('2027-01-04');
    expect(due.warning).toContain('2027');
    expect(due.warning).toContain('CN');
  });

  it('does not warn for a period inside loaded years', () => {
    expect(dueCN('2026-12-01T10:00:00+08:00', { workingDays: 5 }).warning).toBeUndefined();
  });

  it('does not warn in the EU while no EU calendar is loaded, and warns once one is', () => {
    const eu = jurisdictionProfile('EU');
    const from = new Date('2027-03-01T10:00:00+01:00');
    expect(computeDeadline(workingCalendar('EU', [], []), eu, { days: 3 }, from).warning).toBeUndefined();
    const withYear = workingCalendar('EU', [], [2026]);
    expect(computeDeadline(withYear, eu, { days: 3 }, from).warning).toContain('2027');
  });
});

describe('period rules', () => {
  it('refuses a period of zero, a negative or a fractional number of days', () => {
    for (const rule of [{ days: 0 }, { workingDays: -1 }, { days: 1.5 }, { workingDays: 4000 }]) {
      expect(() => dueCN('2025-03-01T10:00:00+08:00', rule)).toThrow(RangeError);
    }
  });

  it('gives each named period its rule and legal basis per jurisdiction', () => {
    expect(periodFor('CN', 'counterNotice')).toMatchObject({ rule: { workingDays: 5 } });
    expect(periodFor('CN', 'counterNotice').basis).toContain('seed 000 §二(二)4');
    expect(periodFor('CN', 'legalAction')).toMatchObject({ rule: { days: 15 } });
    expect(periodFor('CN', 'legalAction').basis).toContain('E-Commerce Law art. 43');
    expect(periodFor('CN', 'correction').basis).toContain('seed 000 §二(二)6');
    expect(periodFor('CN', 'review')).toMatchObject({ rule: { workingDays: 1 } });
    expect(periodFor('US', 'legalAction').basis).toContain('512(g)(2)(C)');
    expect(periodFor('US', 'legalAction').outerLimit?.rule).toEqual({ workingDays: 14 });
    expect(jurisdictionProfile('EU').notes.join(' ')).toContain('DSA art. 16/17');
    expect(jurisdictionProfile('US').timeZone).toBe('America/New_York');
  });

  it('refuses an unknown jurisdiction', () => {
    expect(() => jurisdictionProfile('UK')).toThrow(/unknown jurisdiction/);
  });
});
