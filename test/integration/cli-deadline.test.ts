import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from '../support/harness.ts';

// The CLI runs as users run it, against its own database: PGlite in a temporary data directory, or a
// fresh database on the throwaway PostgreSQL server when the `postgres` project runs.
let dataDir: string;
let databaseUrl = '';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rightsdesk-cli-'));
  if (process.env.RIGHTSDESK_TEST_DB === 'postgres') databaseUrl = await freshPostgresDatabase('cli');
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function rightsdesk(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/rightsdesk.js', ...args],
      { env: { ...process.env, RIGHTSDESK_DATA_DIR: dataDir, DATABASE_URL: databaseUrl }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The one JSON line a deadline answer prints. */
function answer(run: Run): Record<string, string> {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const lines = run.stdout.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '');
}

describe('rightsdesk deadline', () => {
  it('prints the SPEC example as one JSON line: 5 working days from 26 September 2025 end on 10 October', async () => {
    // SPEC §3; 国办发明电〔2024〕12号: Sunday 28 Sep worked, 1–8 Oct off
    const run = await rightsdesk(
      'deadline',
      '--jurisdiction',
      'CN',
      '--from',
      '2025-09-26T10:00:00+08:00',
      '--working-days',
      '5',
    );
    expect(answer(run)).toEqual({ dueDate: '2025-10-10', dueAt: '2025-10-10T15:59:59.999Z' });
  });

  it('prints a 15-day period ending on the adjusted working Saturday 11 October 2025', async () => {
    // SPEC §3 `--days 15`; PRC Civil Code arts. 201–203
    const run = await rightsdesk(
      'deadline',
      '--jurisdiction',
      'CN',
      '--from',
      '2025-09-26T10:00:00+08:00',
      '--days',
      '15',
    );
    expect(answer(run)).toEqual({ dueDate: '2025-10-11', dueAt: '2025-10-11T15:59:59.999Z' });
  });

  it('adds a warning when the period reaches a year with no calendar loaded', async () => {
    const run = await rightsdesk('deadline', '--from', '2028-03-01T10:00:00+08:00', '--working-days', '2');
    const out = answer(run);
    expect(out.dueDate).toBe('2028-03-03');
    expect(out.warning).toContain('2028');
  });

  it('refuses bad arguments on stderr with exit code 2 and prints nothing on stdout', async () => {
    const cases = [
      ['--from', '2025-09-26T10:00:00+08:00'],
      ['--from', '2025-09-26T10:00:00+08:00', '--days', '3', '--working-days', '3'],
      ['--from', '2025-09-26', '--days', '3'],
      ['--from', '2025-09-26T10:00:00+08:00', '--days', 'three'],
      ['--jurisdiction', 'UK', '--from', '2025-09-26T10:00:00+08:00', '--days', '3'],
      ['--days', '3'],
    ];
    const runs = await Promise.all(cases.map((args) => rightsdesk('deadline', ...args)));
    runs.forEach((run, i) => {
      const args = cases[i]?.join(' ');
      expect(run.code, args).toBe(2);
      expect(run.stdout, args).toBe('');
      expect(run.stderr.length, args).toBeGreaterThan(0);
    });
  });
});

describe('rightsdesk calendar', () => {
  it('imports a generated .ics file for 2027, lists it with its source and counts its days off', async () => {
    // SPEC §3: a year's notice is loaded without a release; .ics with one all-day event per day off
    const events = [
      ['20270101', '20270102', '元旦(休)'],
      ['20270205', '20270212', '春节(休)'],
      ['20270214', '20270215', '春节(班)'],
    ].map(([start, end, summary]) =>
      [
        'BEGIN:VEVENT',
        `DTSTART;VALUE=DATE:${start}`,
        `DTEND;VALUE=DATE:${end}`,
        `SUMMARY:${summary}`,
        'END:VEVENT',
      ].join('\r\n'),
    );
    const file = join(dataDir, 'cn-2027.ics');
    writeFileSync(
      file,
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events, 'END:VCALENDAR', ''].join('\r\n'),
    );
    const imported = answer(await rightsdesk('calendar', 'import', '--jurisdiction', 'CN', '--file', file));
    expect(imported).toMatchObject({ jurisdiction: 'CN', year: 2027, days: 9 });

    const listed = answer(await rightsdesk('calendar', 'list', '--jurisdiction', 'CN')) as unknown as {
      calendars: { year: number; source: string }[];
    };
    expect(listed.calendars.find((c) => c.year === 2027)?.source).toContain('cn-2027.ics');

    // 4 Feb 2027 + 2 working days: 5–11 Feb off, Sunday 14 Feb worked
    const due = answer(await rightsdesk('deadline', '--from', '2027-02-04T10:00:00+08:00', '--working-days', '2'));
    expect(due).toEqual({ dueDate: '2027-02-14', dueAt: '2027-02-14T15:59:59.999Z' });
  });

  it('replaces the year from a holiday-cn JSON file and exports it back in that format', async () => {
    const json = {
      year: 2027,
      days: [
        { name: '元旦', date: '2027-01-01', isOffDay: true },
        { name: '春节', date: '2027-02-06', isOffDay: false },
      ],
    };
    const file = join(dataDir, '2027.json');
    writeFileSync(file, JSON.stringify(json));
    expect(answer(await rightsdesk('calendar', 'import', '--jurisdiction', 'CN', '--file', file))).toMatchObject({
      year: 2027,
      days: 2,
    });
    const exported = await rightsdesk('calendar', 'export', '--jurisdiction', 'CN', '--year', '2027');
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toEqual(json);
  });

  it('refuses a bad file with exit code 2, naming the line, and leaves the year as it was', async () => {
    const file = join(dataDir, 'bad.ics');
    writeFileSync(
      file,
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:20270301T090000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
    );
    const run = await rightsdesk('calendar', 'import', '--jurisdiction', 'CN', '--file', file);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('line 3');
    const exported = await rightsdesk('calendar', 'export', '--jurisdiction', 'CN', '--year', '2027');
    expect(JSON.parse(exported.stdout).days).toHaveLength(2);
  });
});
