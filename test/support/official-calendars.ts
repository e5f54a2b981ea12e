import { addDays, type CalendarDay, type WorkingCalendar, workingCalendar } from '../../src/domain/calendar.ts';

/**
 * The official calendars of shared/calendars/README.md, typed in as the tests' expected data
 * (that file is reference data outside the repository, read from the published notices).
 * Ranges are inclusive: '02-10..02-17'.
 */
export const chinaNotices: Record<number, { notice: string; daysOff: string[]; adjustedWorkingDays: string[] }> = {
  // 国办发明电〔2023〕7号 (2023-10-25); Feb 9 (New Year's Eve) is only encouraged off, so a working day.
  2024: {
    notice: '国办发明电〔2023〕7号',
    daysOff: ['01-01', '02-10..02-17', '04-04..04-06', '05-01..05-05', '06-10', '09-15..09-17', '10-01..10-07'],
    adjustedWorkingDays: ['02-04', '02-18', '04-07', '04-28', '05-11', '09-14', '09-29', '10-12'],
  },
  // 国办发明电〔2024〕12号 (2024-11-12), the first under the revised 全国年节及纪念日放假办法.
  2025: {
    notice: '国办发明电〔2024〕12号',
    daysOff: ['01-01', '01-28..02-04', '04-04..04-06', '05-01..05-05', '05-31..06-02', '10-01..10-08'],
    adjustedWorkingDays: ['01-26', '02-08', '04-27', '09-28', '10-11'],
  },
  // State Council General Office notice of 2025-11-04.
  2026: {
    notice: 'State Council General Office notice of 2025-11-04',
    daysOff: [
      '01-01..01-03',
      '02-15..02-23',
      '04-04..04-06',
      '05-01..05-05',
      '06-19..06-21',
      '09-25..09-27',
      '10-01..10-07',
    ],
    adjustedWorkingDays: ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'],
  },
};

/** US federal holidays (5 USC 6103) as observed (EO 11582: Saturday → Friday, Sunday → Monday). */
export const usObservedHolidays: Record<number, string[]> = {
  2024: ['01-01', '01-15', '02-19', '05-27', '06-19', '07-04', '09-02', '10-14', '11-11', '11-28', '12-25'],
  2025: ['01-01', '01-20', '02-17', '05-26', '06-19', '07-04', '09-01', '10-13', '11-11', '11-27', '12-25'],
  // Independence Day falls on a Saturday: observed Friday 3 July.
  2026: ['01-01', '01-19', '02-16', '05-25', '06-19', '07-03', '09-07', '10-12', '11-11', '11-26', '12-25'],
};

export function expand(year: number, entries: readonly string[]): string[] {
  return entries.flatMap((entry) => {
    const [first, last = first] = entry.split('..');
    const out: string[] = [];
    for (let d = `${year}-${first}`; d <= `${year}-${last}`; d = addDays(d, 1)) out.push(d);
    return out;
  });
}

export function chinaDays(year: number): { off: string[]; work: string[] } {
  const notice = chinaNotices[year];
  if (!notice) throw new Error(`no table for ${year}`);
  return { off: expand(year, notice.daysOff), work: expand(year, notice.adjustedWorkingDays) };
}

export function usDays(year: number): string[] {
  return expand(year, usObservedHolidays[year] ?? []);
}

/** The CN calendar of 2024–2026 built from the tables, with those years loaded. */
export function officialChina(): WorkingCalendar {
  const days: CalendarDay[] = [];
  for (const year of [2024, 2025, 2026]) {
    const { off, work } = chinaDays(year);
    for (const date of off) days.push({ date, isOffDay: true, name: 'holiday' });
    for (const date of work) days.push({ date, isOffDay: false, name: 'adjusted working day' });
  }
  return workingCalendar('CN', days, [2024, 2025, 2026]);
}

/** The US calendar of 2024–2026 built from the tables, with those years loaded. */
export function officialUnitedStates(): WorkingCalendar {
  const days = [2024, 2025, 2026].flatMap((y) => usDays(y).map((date) => ({ date, isOffDay: true, name: 'holiday' })));
  return workingCalendar('US', days, [2024, 2025, 2026]);
}
