import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/roles.ts';
import { ensureCalendarsSeeded } from '../../src/services/deadlines.ts';
import { makeUser, startTestApp, type TestEnv, type TestUser } from '../support/harness.ts';
import { chinaDays, usDays } from '../support/official-calendars.ts';

let env: TestEnv;
let admin: TestUser;
beforeAll(async () => {
  env = await startTestApp();
  await ensureCalendarsSeeded(env.ctx.database.db);
  admin = await makeUser(env, 'admin');
});
afterAll(async () => env.close());

type Method = 'GET' | 'PUT' | 'DELETE' | 'POST';
const call = (method: Method, url: string, headers: Record<string, string> = admin.auth, payload?: unknown) =>
  env.app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : typeof payload === 'string' ? { payload } : { payload: payload as object }),
  });
const compute = (query: string, headers: Record<string, string> = admin.auth) =>
  call('GET', `/api/v1/deadlines/compute?${query}`, headers);

describe('who may use the calendar routes', () => {
  const roles: Role[] = ['complainant', 'agent', 'respondent', 'reviewer', 'admin'];
  // Admin writes go to an EU year no other test reads.
  const routes: { method: Method; url: string; payload?: unknown; adminOnly: boolean; ok: number }[] = [
    { method: 'GET', url: '/api/v1/calendars', adminOnly: true, ok: 200 },
    { method: 'GET', url: '/api/v1/calendars/CN/2025', adminOnly: true, ok: 200 },
    {
      method: 'PUT',
      url: '/api/v1/calendars/EU/days/2031-05-09',
      payload: { isOffDay: true, name: 'Europe Day' },
      adminOnly: true,
      ok: 200,
    },
    { method: 'DELETE', url: '/api/v1/calendars/EU/days/2031-05-09', adminOnly: true, ok: 204 },
    {
      method: 'POST',
      url: '/api/v1/calendars/EU/import',
      payload: { year: 2031, days: [{ name: 'Europe Day', date: '2031-05-09', isOffDay: true }] },
      adminOnly: true,
      ok: 200,
    },
    {
      method: 'GET',
      url: '/api/v1/deadlines/compute?jurisdiction=CN&from=2025-09-26T10:00:00%2B08:00&workingDays=5',
      adminOnly: false,
      ok: 200,
    },
  ];

  for (const route of routes) {
    it(`${route.method} ${route.url.split('?')[0]} answers 401 without credentials`, async () => {
      const res = await call(route.method, route.url, {}, route.payload);
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });

    for (const role of roles) {
      const allowed = role === 'admin' || !route.adminOnly;
      it(`${route.method} ${route.url.split('?')[0]} ${allowed ? 'serves' : 'refuses'} a ${role}`, async () => {
        const user = await makeUser(env, role);
        if (route.method === 'DELETE' && allowed) {
          await call('PUT', route.url, admin.auth, { isOffDay: true, name: 'Europe Day' });
        }
        const res = await call(route.method, route.url, user.auth, route.payload);
        expect(res.statusCode).toBe(allowed ? route.ok : 403);
      });
    }
  }
});

describe('seeded calendars', () => {
  it('lists CN 2024–2026 and US 2024–2030 with their sources', async () => {
    const res = await call('GET', '/api/v1/calendars');
    expect(res.statusCode).toBe(200);
    const byCode = new Map(
      res
        .json()
        .data.map((j: { jurisdiction: string; years: { year: number; source: string }[] }) => [j.jurisdiction, j]),
    );
    const years = (code: string) =>
      (byCode.get(code) as { years: { year: number; source: string }[] }).years.map((y) => y.year);
    expect(years('CN')).toEqual(expect.arrayContaining([2024, 2025, 2026]));
    expect(years('US')).toEqual(expect.arrayContaining([2024, 2025, 2026, 2027, 2028, 2029, 2030]));
    const cn = byCode.get('CN') as { timeZone: string; years: { source: string }[] };
    expect(cn.timeZone).toBe('Asia/Shanghai');
    expect(cn.years[0]?.source).toContain('chinese-days@');
  });

  for (const year of [2024, 2025, 2026]) {
    it(`holds China's ${year} calendar exactly as the State Council notice lists it`, async () => {
      // shared/calendars/README.md; 国办发明电〔2023〕7号, 国办发明电〔2024〕12号, notice of 2025-11-04
      const res = await call('GET', `/api/v1/calendars/CN/${year}`);
      expect(res.statusCode).toBe(200);
      const days: { date: string; isOffDay: boolean }[] = res.json().days;
      const { off, work } = chinaDays(year);
      expect(days.filter((d) => d.isOffDay).map((d) => d.date)).toEqual(off);
      expect(days.filter((d) => !d.isOffDay).map((d) => d.date)).toEqual(work);
      expect(res.json().loaded).toBe(true);
    });

    it(`holds the US ${year} federal holidays as observed`, async () => {
      // shared/calendars/README.md; 5 USC 6103; EO 11582
      const res = await call('GET', `/api/v1/calendars/US/${year}`);
      expect(res.json().days.map((d: { date: string }) => d.date)).toEqual(usDays(year));
    });
  }

  it('does not seed again over an admin edit', async () => {
    await call('PUT', '/api/v1/calendars/US/days/2030-11-29', admin.auth, { isOffDay: true, name: 'Day after' });
    await ensureCalendarsSeeded(env.ctx.database.db);
    const res = await call('GET', '/api/v1/calendars/US/2030');
    expect(res.json().days.map((d: { date: string }) => d.date)).toContain('2030-11-29');
    await call('DELETE', '/api/v1/calendars/US/days/2030-11-29');
  });
});

describe('deadlines through HTTP', () => {
  it('answers the SPEC example: 5 working days from 26 September 2025 end on 10 October', async () => {
    // SPEC §3; 国办发明电〔2024〕12号
    const res = await compute('jurisdiction=CN&from=2025-09-26T10:00:00%2B08:00&workingDays=5');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ dueDate: '2025-10-10', dueAt: '2025-10-10T15:59:59.999Z' });
  });

  it('documents the calendar routes in the OpenAPI document', async () => {
    const paths = Object.keys((await call('GET', '/api/openapi.json', {})).json().paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/v1/deadlines/compute', '/api/v1/calendars/{jurisdiction}/import']),
    );
  });

  it('answers a 15-day period by Civil Code arts. 201–203 and defaults to CN', async () => {
    const res = await compute('from=2025-09-16T10:00:00%2B08:00&days=15');
    expect(res.json()).toEqual({ dueDate: '2025-10-09', dueAt: '2025-10-09T15:59:59.999Z' });
  });

  it('answers US business days around Thanksgiving 2026', async () => {
    // 17 USC 512(g)(2)(C): 10 business days after the counter-notice
    const res = await compute('jurisdiction=US&from=2026-11-20T12:00:00-05:00&workingDays=10');
    expect(res.json()).toEqual({ dueDate: '2026-12-07', dueAt: '2026-12-08T04:59:59.999Z' });
  });

  it('refuses both or neither of workingDays and days, a time without offset and an unknown jurisdiction', async () => {
    for (const query of [
      'from=2025-09-26T10:00:00Z&workingDays=5&days=3',
      'from=2025-09-26T10:00:00Z',
      'from=2025-09-26T10:00:00&days=3',
      'from=2025-09-26T10:00:00Z&days=0',
      'jurisdiction=UK&from=2025-09-26T10:00:00Z&days=3',
    ]) {
      const res = await compute(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().errors.length, query).toBeGreaterThan(0);
    }
  });
});

describe('loading and editing a year without a release', () => {
  it('warns for an unloaded year until its notice is imported, then counts its holidays', async () => {
    // SPEC §3: the 2027 notice comes late in 2026; admins load it at run time
    const query = 'jurisdiction=CN&from=2027-02-03T10:00:00%2B08:00&workingDays=3';
    const before = await compute(query);
    expect(before.json().warning).toContain('2027');
    expect(before.json().dueDate).toBe('2027-02-08');
    const file = {
      year: 2027,
      days: [
        { name: '春节', date: '2027-02-06', isOffDay: true },
        { name: '春节', date: '2027-02-07', isOffDay: true },
        { name: '春节', date: '2027-02-08', isOffDay: true },
        { name: '春节', date: '2027-02-09', isOffDay: true },
        { name: '春节', date: '2027-02-20', isOffDay: false },
      ],
    };
    const imported = await call('POST', '/api/v1/calendars/CN/import', admin.auth, file);
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ jurisdiction: 'CN', year: 2027, days: 5 });
    const after = await compute(query);
    expect(after.json()).toEqual({ dueDate: '2027-02-10', dueAt: '2027-02-10T15:59:59.999Z' });
  });

  it('replaces the whole year on a second import', async () => {
    const file = { year: 2027, days: [{ name: '元旦', date: '2027-01-01', isOffDay: true }] };
    await call('POST', '/api/v1/calendars/CN/import', admin.auth, file);
    const res = await call('GET', '/api/v1/calendars/CN/2027');
    expect(res.json().days).toEqual([{ date: '2027-01-01', isOffDay: true, name: '元旦' }]);
  });

  it('imports an iCalendar body, multi-day events ending the day before DTEND', async () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//EN',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20301224',
      'DTEND;VALUE=DATE:20301227',
      'SUMMARY:Christmas',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const res = await call(
      'POST',
      '/api/v1/calendars/EU/import?year=2030',
      { ...admin.auth, 'content-type': 'text/calendar; charset=utf-8' },
      ics,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ jurisdiction: 'EU', year: 2030, days: 3 });
    const due = await compute('jurisdiction=EU&from=2030-12-23T10:00:00%2B01:00&workingDays=1');
    expect(due.json()).toEqual({ dueDate: '2030-12-27', dueAt: '2030-12-27T22:59:59.999Z' });
  });

  it('refuses a bad file naming the field or line, and keeps the year as it was', async () => {
    const bad = await call('POST', '/api/v1/calendars/CN/import', admin.auth, {
      year: 2027,
      days: [{ name: '春节', date: '2027-02-30', isOffDay: true }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toEqual({
      field: 'days[0].date',
      message: 'must be a calendar day written YYYY-MM-DD',
    });
    const badIcs = await call(
      'POST',
      '/api/v1/calendars/CN/import',
      { ...admin.auth, 'content-type': 'text/calendar' },
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20270101T100000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
    );
    expect(badIcs.statusCode).toBe(400);
    expect(badIcs.json().errors[0].field).toBe('line 2');
    const kept = await call('GET', '/api/v1/calendars/CN/2027');
    expect(kept.json().days).toEqual([{ date: '2027-01-01', isOffDay: true, name: '元旦' }]);
  });

  it('lets an admin mark a day off and unlist it again, changing deadlines at once', async () => {
    const query = 'jurisdiction=CN&from=2026-12-01T10:00:00%2B08:00&workingDays=1';
    expect((await compute(query)).json().dueDate).toBe('2026-12-02');
    const put = await call('PUT', '/api/v1/calendars/CN/days/2026-12-02', admin.auth, { isOffDay: true, name: '停工' });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ jurisdiction: 'CN', date: '2026-12-02', isOffDay: true, name: '停工' });
    expect((await compute(query)).json().dueDate).toBe('2026-12-03');
    expect((await call('DELETE', '/api/v1/calendars/CN/days/2026-12-02')).statusCode).toBe(204);
    expect((await compute(query)).json().dueDate).toBe('2026-12-02');
  });

  it('answers 404 for a day not listed or a year with nothing loaded, and 400 for an impossible date', async () => {
    expect((await call('DELETE', '/api/v1/calendars/CN/days/2026-12-09')).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/calendars/CN/2040')).statusCode).toBe(404);
    const res = await call('PUT', '/api/v1/calendars/CN/days/2026-02-30', admin.auth, { isOffDay: true, name: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('date');
    const unknown = await call('POST', '/api/v1/calendars/UK/import', admin.auth, { year: 2027, days: [] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('jurisdiction');
  });
});
