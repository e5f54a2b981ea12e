import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { localDateOf } from '../domain/calendar.ts';

/** Case numbers carry the year of the platform's home calendar, whatever the complaint's jurisdiction. */
const caseNumberTimeZone = 'Asia/Shanghai';

/**
 * A human case number (SPEC §2), e.g. `IPC-2026-000123`: the prefix, the year in Asia/Shanghai time
 * and the next value of `case_number_seq`, at least six digits. Call it inside the creating
 * transaction; a rolled-back transaction leaves a gap, never a duplicate.
 */
export async function nextCaseNumber(tx: Queryable, prefix: string, now: Date): Promise<string> {
  const result = (await tx.execute(sql`SELECT nextval('case_number_seq')::text AS n`)) as unknown as {
    rows: { n: string }[];
  };
  const n = result.rows[0]?.n;
  if (!n) throw new Error('case_number_seq returned no value');
  return `${prefix}-${localDateOf(now, caseNumberTimeZone).slice(0, 4)}-${n.padStart(6, '0')}`;
}
