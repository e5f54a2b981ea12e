import { and, asc, count, eq, gte, lte, sql } from 'drizzle-orm';
import { type CalendarDay, type IsoDate, type WorkingCalendar, workingCalendar } from '../domain/calendar.ts';
import type { Queryable } from './client.ts';
import { calendarDays, calendarYears } from './schema/index.ts';

export interface LoadedYear {
  jurisdiction: string;
  year: number;
  source: string;
  loadedAt: Date;
  /** how many days the year lists (days off and adjusted working days). */
  days: number;
}

const toDay = (r: typeof calendarDays.$inferSelect): CalendarDay => ({
  date: r.day,
  isOffDay: r.isOffDay,
  name: r.name,
});

/** A jurisdiction's calendar from `fromYear` on (to `toYear` when given), as the domain reads it. */
export async function loadCalendar(
  db: Queryable,
  jurisdiction: string,
  fromYear: number,
  toYear?: number,
): Promise<WorkingCalendar> {
  const days = await db
    .select()
    .from(calendarDays)
    .where(
      and(
        eq(calendarDays.jurisdiction, jurisdiction),
        gte(calendarDays.day, `${fromYear}-01-01`),
        toYear === undefined ? undefined : lte(calendarDays.day, `${toYear}-12-31`),
      ),
    );
  const years = await db
    .select({ year: calendarYears.year })
    .from(calendarYears)
    .where(
      and(
        eq(calendarYears.jurisdiction, jurisdiction),
        gte(calendarYears.year, fromYear),
        toYear === undefined ? undefined : lte(calendarYears.year, toYear),
      ),
    );
  return workingCalendar(
    jurisdiction,
    days.map(toDay),
    years.map((y) => y.year),
  );
}

/** The days one year lists, in date order. */
export async function calendarDaysOf(db: Queryable, jurisdiction: string, year: number): Promise<CalendarDay[]> {
  const rows = await db
    .select()
    .from(calendarDays)
    .where(
      and(
        eq(calendarDays.jurisdiction, jurisdiction),
        gte(calendarDays.day, `${year}-01-01`),
        lte(calendarDays.day, `${year}-12-31`),
      ),
    )
    .orderBy(asc(calendarDays.day));
  return rows.map(toDay);
}

/** The years loaded, with their source and how many days each lists. */
export async function listLoadedYears(db: Queryable, jurisdiction?: string): Promise<LoadedYear[]> {
  const years = await db
    .select()
    .from(calendarYears)
    .where(jurisdiction ? eq(calendarYears.jurisdiction, jurisdiction) : undefined)
    .orderBy(asc(calendarYears.jurisdiction), asc(calendarYears.year));
  const counts = await db
    .select({
      jurisdiction: calendarDays.jurisdiction,
      year: sql<number>`extract(year from ${calendarDays.day})::int`,
      days: count(),
    })
    .from(calendarDays)
    .where(jurisdiction ? eq(calendarDays.jurisdiction, jurisdiction) : undefined)
    .groupBy(calendarDays.jurisdiction, sql`extract(year from ${calendarDays.day})::int`);
  const dayCount = new Map(counts.map((c) => [`${c.jurisdiction}:${Number(c.year)}`, Number(c.days)]));
  return years.map((y) => ({ ...y, days: dayCount.get(`${y.jurisdiction}:${y.year}`) ?? 0 }));
}

export async function loadedYearOf(
  db: Queryable,
  jurisdiction: string,
  year: number,
): Promise<Omit<LoadedYear, 'days'> | undefined> {
  const [row] = await db
    .select()
    .from(calendarYears)
    .where(and(eq(calendarYears.jurisdiction, jurisdiction), eq(calendarYears.year, year)));
  return row;
}

/**
 * Replaces one year of a jurisdiction's calendar in one transaction and records where it came from.
 * Days of the year not in `days` are removed. Days of a neighbouring year (a notice may reach into
 * the previous December) are added or updated, and that year is left as it was otherwise.
 */
export async function replaceCalendarYear(
  db: Queryable,
  jurisdiction: string,
  year: number,
  days: readonly CalendarDay[],
  source: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    // Two imports of the same year at once must not interleave their deletes and inserts.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`calendar:${jurisdiction}:${year}`}))`);
    await tx
      .delete(calendarDays)
      .where(
        and(
          eq(calendarDays.jurisdiction, jurisdiction),
          gte(calendarDays.day, `${year}-01-01`),
          lte(calendarDays.day, `${year}-12-31`),
        ),
      );
    await upsertDays(tx, jurisdiction, days);
    await tx
      .insert(calendarYears)
      .values({ jurisdiction, year, source })
      .onConflictDoUpdate({
        target: [calendarYears.jurisdiction, calendarYears.year],
        set: { source, loadedAt: sql`now()` },
      });
  });
}

async function upsertDays(db: Queryable, jurisdiction: string, days: readonly CalendarDay[]): Promise<void> {
  if (days.length === 0) return;
  await db
    .insert(calendarDays)
    .values(days.map((d) => ({ jurisdiction, day: d.date, isOffDay: d.isOffDay, name: d.name })))
    .onConflictDoUpdate({
      target: [calendarDays.jurisdiction, calendarDays.day],
      set: { isOffDay: sql`excluded.is_off_day`, name: sql`excluded.name` },
    });
}

/** Lists one day as a day off or an adjusted working day (an admin's edit between notices). */
export async function setCalendarDay(db: Queryable, jurisdiction: string, day: CalendarDay): Promise<void> {
  await upsertDays(db, jurisdiction, [day]);
}

/** Unlists one day, so the weekend rule decides it again. False when it was not listed. */
export async function deleteCalendarDay(db: Queryable, jurisdiction: string, date: IsoDate): Promise<boolean> {
  const gone = await db
    .delete(calendarDays)
    .where(and(eq(calendarDays.jurisdiction, jurisdiction), eq(calendarDays.day, date)))
    .returning({ day: calendarDays.day });
  return gone.length > 0;
}

/** Whether a jurisdiction has any year loaded. */
export async function hasLoadedYears(db: Queryable, jurisdiction: string): Promise<boolean> {
  const [row] = await db
    .select({ year: calendarYears.year })
    .from(calendarYears)
    .where(eq(calendarYears.jurisdiction, jurisdiction))
    .limit(1);
  return row !== undefined;
}
