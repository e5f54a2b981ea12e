import { describe, expect, it } from 'vitest';
import { chineseDaysYear, chineseDaysYears, usFederalHolidaysYear } from '../../src/services/deadlines.ts';
import { chinaDays, usDays } from '../support/official-calendars.ts';

describe('seed data from packages against the official tables (shared/calendars/README.md)', () => {
  for (const year of [2024, 2025, 2026]) {
    it(`chinese-days lists exactly the days off and adjusted working days of the ${year} State Council notice`, () => {
      const days = chineseDaysYear(year);
      const { off, work } = chinaDays(year);
      expect(days.filter((d) => d.isOffDay).map((d) => d.date)).toEqual(off);
      expect(days.filter((d) => !d.isOffDay).map((d) => d.date)).toEqual(work);
      expect(days.every((d) => d.name.length > 0 && !d.name.includes(','))).toBe(true);
    });

    it(`@18f/us-federal-holidays observes exactly the ${year} federal holidays of 5 USC 6103`, () => {
      expect(usFederalHolidaysYear(year).map((d) => d.date)).toEqual(usDays(year));
    });
  }

  it('names the Chinese days as the notices do', () => {
    const named = new Map(chineseDaysYear(2026).map((d) => [d.date, d.name]));
    expect(named.get('2026-02-14')).toBe('春节');
    expect(named.get('2026-10-10')).toBe('国庆节');
  });

  it('has China up to at least 2026', () => {
    expect(chineseDaysYears()).toEqual(expect.arrayContaining([2024, 2025, 2026]));
  });

  it('puts New Year 2028, a Saturday, on Friday 31 December 2027', () => {
    // EO 11582: a Saturday holiday is observed the Friday before, even across the year's end
    expect(usFederalHolidaysYear(2027).map((d) => d.date)).toContain('2027-12-31');
    expect(usFederalHolidaysYear(2028).map((d) => d.date)).not.toContain('2027-12-31');
  });
});
