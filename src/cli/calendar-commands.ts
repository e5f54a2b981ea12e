import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { type Command, type CommanderError, Option } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { calendarDaysOf, listLoadedYears } from '../db/calendars.ts';
import { longestPeriod } from '../domain/deadlines.ts';
import { defaultJurisdiction, jurisdictionCodes } from '../domain/jurisdictions.ts';
import { createContext } from '../runtime.ts';
import type { AppContext } from '../server/context.ts';
import { CalendarFileError, importCalendar, parseCalendarFile, toHolidayCnJson } from '../services/calendar-import.ts';
import { computeDue } from '../services/deadlines.ts';

/** Wrong arguments or a bad file exit with 2, as the other commands do; help exits with 0. */
class UsageError extends Error {}

function usageExit(err: CommanderError): never {
  process.exit(err.exitCode === 0 ? 0 : 2);
}

const wholeNumber = z
  .string()
  .regex(/^\d+$/, 'must be a whole number of days')
  .transform(Number)
  .pipe(
    z
      .number()
      .int()
      .min(1, `must be from 1 to ${longestPeriod}`)
      .max(longestPeriod, `must be from 1 to ${longestPeriod}`),
  );
const yearOption = z.object({
  year: z
    .string()
    .regex(/^\d{4}$/, 'must be a year, e.g. 2027')
    .transform(Number),
});

const deadlineOptions = z
  .object({
    jurisdiction: z.enum(jurisdictionCodes),
    from: z.iso.datetime({ offset: true, error: 'must be an instant with its offset, e.g. 2025-09-26T10:00:00+08:00' }),
    workingDays: wholeNumber.optional(),
    days: wholeNumber.optional(),
  })
  .refine((o) => (o.workingDays === undefined) !== (o.days === undefined), {
    message: 'give exactly one of --working-days and --days',
  });

const optionName = (path: readonly PropertyKey[]) =>
  path.length ? `--${String(path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ` : '';

function parseOptions<T>(schema: z.ZodType<T>, options: unknown): T {
  const parsed = schema.safeParse(options);
  if (parsed.success) return parsed.data;
  throw new UsageError(parsed.error.issues.map((i) => `${optionName(i.path)}${i.message}`).join('; '));
}

/**
 * Checks the arguments (`prepare`), then runs the command with the configured database. Usage
 * mistakes and bad files go to stderr with exit code 2; nothing but the answer goes to stdout.
 */
async function run<T>(prepare: () => T, work: (ctx: AppContext, input: T) => Promise<void>): Promise<void> {
  try {
    const input = prepare();
    const ctx = await createContext(loadConfig());
    try {
      await work(ctx, input);
    } finally {
      await ctx.database.close();
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof CalendarFileError || err instanceof RangeError) {
      console.error(`rightsdesk: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
}

/** `rightsdesk deadline …` and `rightsdesk calendar …` (SPEC §3). */
export function registerCalendarCommands(program: Command): void {
  program
    .command('deadline')
    .description('when a period ends by the official calendar; prints {"dueDate","dueAt"[,"warning"]} as one JSON line')
    .addOption(new Option('--jurisdiction <code>').choices(jurisdictionCodes).default(defaultJurisdiction))
    .requiredOption('--from <instant>', 'when the period starts (receipt), e.g. 2025-09-26T10:00:00+08:00')
    .option('--working-days <n>', 'N working days after receipt')
    .option('--days <n>', 'N days, PRC Civil Code arts. 201–203')
    .exitOverride(usageExit)
    .action(async (raw: unknown) => {
      await run(
        () => parseOptions(deadlineOptions, raw),
        async (ctx, o) => {
          const rule = o.days !== undefined ? { days: o.days } : { workingDays: o.workingDays ?? 0 };
          const due = await computeDue(ctx.database.db, o.jurisdiction, rule, new Date(o.from));
          const line = {
            dueDate: due.dueDate,
            dueAt: due.dueAt.toISOString(),
            ...(due.warning ? { warning: due.warning } : {}),
          };
          console.log(JSON.stringify(line));
        },
      );
    });

  const calendar = program.command('calendar').description('official working-day calendars');

  calendar
    .command('import')
    .description('replace one year of a calendar from a holiday-cn JSON file or an iCalendar (.ics) file')
    .addOption(new Option('--jurisdiction <code>').choices(jurisdictionCodes).makeOptionMandatory())
    .requiredOption('--file <path>', 'a .json file in the holiday-cn format, or a .ics file with one event per day off')
    .option('--year <year>', 'the year to load, for an .ics file covering several years')
    .exitOverride(usageExit)
    .action(async (raw: { jurisdiction: string; file: string; year?: string }) => {
      await run(
        () => {
          const year = raw.year === undefined ? undefined : parseOptions(yearOption, raw).year;
          const content = readCalendarFile(raw.file);
          return { content, parsed: parseCalendarFile(raw.file, content, year) };
        },
        async (ctx, { content, parsed }) => {
          const digest = createHash('sha256').update(content).digest('hex').slice(0, 16);
          const source = `file ${basename(raw.file)} (sha256 ${digest}), imported with the CLI`;
          console.log(JSON.stringify(await importCalendar(ctx.database.db, raw.jurisdiction, parsed, source)));
        },
      );
    });

  calendar
    .command('list')
    .description('the years loaded, with their source, as one JSON line')
    .addOption(new Option('--jurisdiction <code>').choices(jurisdictionCodes))
    .exitOverride(usageExit)
    .action(async (raw: { jurisdiction?: string }) => {
      await run(
        () => raw.jurisdiction,
        async (ctx, jurisdiction) => {
          console.log(JSON.stringify({ calendars: await listLoadedYears(ctx.database.db, jurisdiction) }));
        },
      );
    });

  calendar
    .command('export')
    .description('one year of a calendar in the holiday-cn JSON format, on stdout')
    .addOption(new Option('--jurisdiction <code>').choices(jurisdictionCodes).default(defaultJurisdiction))
    .requiredOption('--year <year>')
    .exitOverride(usageExit)
    .action(async (raw: { jurisdiction: string; year: string }) => {
      await run(
        () => parseOptions(yearOption, raw).year,
        async (ctx, year) => {
          const days = await calendarDaysOf(ctx.database.db, raw.jurisdiction, year);
          if (days.length === 0) throw new UsageError(`the ${raw.jurisdiction} calendar lists no days in ${year}`);
          console.log(JSON.stringify(toHolidayCnJson(year, days), null, 2));
        },
      );
    });
}

// Calendar files are a few kilobytes; a large file is the wrong file.
const largestCalendarFile = 5 * 1024 * 1024;

function readCalendarFile(path: string): string {
  try {
    if (statSync(path).size > largestCalendarFile) throw new UsageError(`${path} is larger than 5 MB`);
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
