import { z } from 'zod';
import { isIsoDate } from '../../domain/calendar.ts';
import { longestPeriod } from '../../domain/deadlines.ts';
import { jurisdictionCodes } from '../../domain/jurisdictions.ts';
import { holidayCnFile } from '../../services/calendar-import.ts';
import { text } from './common.ts';

export const jurisdiction = z.enum(jurisdictionCodes);
export const calendarDate = z.string().refine(isIsoDate, 'must be a calendar day written YYYY-MM-DD');
const year = z.coerce.number().int().min(1949).max(2200);

export const calendarDaySchema = z.object({ date: z.string(), isOffDay: z.boolean(), name: z.string() });

export const loadedYearSchema = z.object({
  year: z.number().int(),
  source: z.string(),
  loadedAt: z.date(),
  days: z.number().int(),
});

export const calendarsResponse = z.object({
  data: z.array(
    z.object({
      jurisdiction,
      name: z.string(),
      timeZone: z.string(),
      years: z.array(loadedYearSchema),
    }),
  ),
});

export const jurisdictionParams = z.object({ jurisdiction });
export const yearParams = z.object({ jurisdiction, year });
export const dayParams = z.object({ jurisdiction, date: calendarDate });

export const calendarYearResponse = z.object({
  jurisdiction,
  year: z.number().int(),
  loaded: z.boolean().describe('false when days are listed but no official calendar for the year was loaded'),
  source: z.string().nullable(),
  days: z.array(calendarDaySchema),
});

export const putDayBody = z.object({ isOffDay: z.boolean(), name: text(100) });
export const dayResponse = calendarDaySchema.extend({ jurisdiction });

export const importQuery = z.object({
  year: year.optional().describe('which year to load from an .ics file covering several; must match a JSON file'),
});
/** The holiday-cn JSON format, or an iCalendar text sent as `text/calendar`. */
export const importBody = z.union([holidayCnFile, z.string().min(1)]);
export const importResponse = z.object({
  jurisdiction,
  year: z.number().int(),
  days: z.number().int(),
  source: z.string(),
});

const periodLength = z.coerce.number().int().min(1).max(longestPeriod);
export const computeQuery = z
  .object({
    jurisdiction: jurisdiction.default('CN'),
    from: z.iso
      .datetime({ offset: true })
      .describe('the instant of receipt, with its offset, e.g. 2025-09-26T10:00:00+08:00'),
    workingDays: periodLength.optional(),
    days: periodLength.optional(),
  })
  .refine((q) => (q.workingDays === undefined) !== (q.days === undefined), {
    path: ['workingDays'],
    message: 'give exactly one of workingDays and days',
  });
export const dueResponse = z.object({ dueDate: z.string(), dueAt: z.string(), warning: z.string().optional() });
