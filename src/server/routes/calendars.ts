import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  calendarDaysOf,
  deleteCalendarDay,
  listLoadedYears,
  loadedYearOf,
  setCalendarDay,
} from '../../db/calendars.ts';
import { jurisdictionCodes, jurisdictionProfile } from '../../domain/jurisdictions.ts';
import {
  CalendarFileError,
  importCalendar,
  parseHolidayCnJson,
  parseICalendar,
} from '../../services/calendar-import.ts';
import { computeDue } from '../../services/deadlines.ts';
import { actorOf, allow } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { invalidMany, notFound } from '../problem.ts';
import {
  calendarsResponse,
  calendarYearResponse,
  computeQuery,
  dayParams,
  dayResponse,
  dueResponse,
  importBody,
  importQuery,
  importResponse,
  jurisdictionParams,
  putDayBody,
  yearParams,
} from '../schemas/calendars.ts';
import { problems } from '../schemas/common.ts';

/** Official working-day calendars (admins load and edit them without a release) and deadline answers (SPEC §3). */
export const calendarsRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const db = ctx.database.db;
    const admin = allow(['admin'], 'admin');

    // iCalendar files are sent as they are; the import route parses them (RFC 5545 media type).
    app.addContentTypeParser('text/calendar', { parseAs: 'string' }, (_req, body, done) => done(null, body));

    app.get(
      '/calendars',
      { preHandler: admin, schema: { tags: ['calendars'], response: { 200: calendarsResponse, ...problems } } },
      async () => {
        const loaded = await listLoadedYears(db);
        return {
          data: jurisdictionCodes.map((code) => {
            const profile = jurisdictionProfile(code);
            return {
              jurisdiction: code,
              name: profile.name,
              timeZone: profile.timeZone,
              years: loaded.filter((y) => y.jurisdiction === code).map(({ jurisdiction: _j, ...y }) => y),
            };
          }),
        };
      },
    );

    app.get(
      '/calendars/:jurisdiction/:year',
      {
        preHandler: admin,
        schema: { tags: ['calendars'], params: yearParams, response: { 200: calendarYearResponse, ...problems } },
      },
      async (req) => {
        const { jurisdiction, year } = req.params;
        const loaded = await loadedYearOf(db, jurisdiction, year);
        const days = await calendarDaysOf(db, jurisdiction, year);
        if (!loaded && days.length === 0) throw notFound(`The ${jurisdiction} calendar for ${year}`);
        return { jurisdiction, year, loaded: loaded !== undefined, source: loaded?.source ?? null, days };
      },
    );

    app.put(
      '/calendars/:jurisdiction/days/:date',
      {
        preHandler: admin,
        schema: {
          tags: ['calendars'],
          description: 'Lists one day as a day off (isOffDay true) or an adjusted working day (isOffDay false).',
          params: dayParams,
          body: putDayBody,
          response: { 200: dayResponse, ...problems },
        },
      },
      async (req) => {
        const day = { date: req.params.date, isOffDay: req.body.isOffDay, name: req.body.name };
        await setCalendarDay(db, req.params.jurisdiction, day);
        req.log.info({ actor: actorOf(req).userId, jurisdiction: req.params.jurisdiction, day }, 'calendar day set');
        return { jurisdiction: req.params.jurisdiction, ...day };
      },
    );

    app.delete(
      '/calendars/:jurisdiction/days/:date',
      {
        preHandler: admin,
        schema: {
          tags: ['calendars'],
          description: 'Unlists one day, so the weekend rule decides it again.',
          params: dayParams,
          response: { 204: z.null(), ...problems },
        },
      },
      async (req, reply) => {
        const { jurisdiction, date } = req.params;
        if (!(await deleteCalendarDay(db, jurisdiction, date))) throw notFound(`A listed ${jurisdiction} day ${date}`);
        req.log.info({ actor: actorOf(req).userId, jurisdiction, date }, 'calendar day unlisted');
        reply.code(204);
        return null;
      },
    );

    app.post(
      '/calendars/:jurisdiction/import',
      {
        preHandler: admin,
        // The file's own checks name the line or field at fault better than a generic union error.
        attachValidation: true,
        schema: {
          tags: ['calendars'],
          description:
            'Replaces one year of the calendar: a holiday-cn JSON body, or an iCalendar body sent as text/calendar (one all-day event per day off).',
          params: jurisdictionParams,
          querystring: importQuery,
          body: importBody,
          response: { 200: importResponse, ...problems },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        if (req.validationError && req.validationError.validationContext !== 'body') throw req.validationError;
        // A body that failed validation stops Fastify before the query string: check it here.
        const query = importQuery.safeParse(req.query);
        if (!query.success) throw invalidMany(query.error.issues.map((i) => ({ field: 'year', message: i.message })));
        const year = query.data.year;
        const body: unknown = req.body;
        try {
          const isCalendar = typeof body === 'string';
          const parsed = isCalendar ? parseICalendar(body, year) : parseHolidayCnJson(body, year);
          const source = `${isCalendar ? 'iCalendar' : 'holiday-cn JSON'} imported through the API by user ${actor.userId}`;
          return await importCalendar(db, req.params.jurisdiction, parsed, source);
        } catch (err) {
          if (err instanceof CalendarFileError) throw invalidMany(err.problems);
          throw err;
        }
      },
    );

    app.get(
      '/deadlines/compute',
      {
        schema: {
          tags: ['calendars'],
          description:
            'When a period ends: N working days after receipt, or N days (PRC Civil Code arts. 201–203), by the official calendar.',
          querystring: computeQuery,
          response: { 200: dueResponse, ...problems },
        },
      },
      async (req) => {
        actorOf(req);
        const q = req.query;
        const rule = q.days !== undefined ? { days: q.days } : { workingDays: q.workingDays ?? 0 };
        const due = await computeDue(db, q.jurisdiction, rule, new Date(q.from));
        return {
          dueDate: due.dueDate,
          dueAt: due.dueAt.toISOString(),
          ...(due.warning ? { warning: due.warning } : {}),
        };
      },
    );
  };
