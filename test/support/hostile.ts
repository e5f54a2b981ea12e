import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestEnv } from './harness.ts';

/**
 * The hostile-input corpus, generated here (no committed binaries): strings every text field must
 * refuse, strings every text field must store inertly, and the checks each case ends with.
 */

/** PostgreSQL cannot store these (NUL), UTF-8 cannot encode them (lone surrogates), or people never type them. */
export const refusedStrings: { label: string; value: string }[] = [
  { label: 'NUL', value: 'before\u0000after' },
  { label: 'a lone high surrogate', value: 'bad \ud800 text' },
  { label: 'a lone low surrogate', value: '\udc00 at the start' },
  { label: 'a reversed surrogate pair', value: 'x\udc00\ud800y' },
  { label: 'a control character', value: 'ring \u0007 bell' },
];

/** Injection attempts and odd but valid text: stored as given and returned byte-identical. At most 50 characters. */
export const inertStrings: string[] = [
  "'; DROP TABLE complaints; --",
  "Robert'); DELETE FROM users;--",
  '1 OR 1=1; SELECT pg_sleep(10)',
  '$$; COPY users TO PROGRAM $$id',
  '<script>alert(document.cookie)</script>',
  '<img src=x onerror=alert(1)>"\'`',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  '{{7*7}} ${7*7} <%= 7*7 %> #{7*7}',
  '\\u0000 \\ud800 %00 %C0%AF \\xC0\\xAF',
  '../../etc/passwd',
  'Ünïcødé 商标 😀 \u202eevil\u202c ok',
];

/** JSON bytes with overlong UTF-8 encodings ('/' as C0 AF, NUL as C0 80 and E0 80 80). */
export function overlongUtf8Json(field: string): Buffer {
  return Buffer.concat([
    Buffer.from(`{"${field}":"a`),
    Buffer.from([0xc0, 0xaf, 0xc0, 0x80, 0xe0, 0x80, 0x80]),
    Buffer.from('b"}'),
  ]);
}

/** `items.0.description` → sets body.items[0].description. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys.at(-1) as string] = value;
}

export function getPath(source: unknown, path: string): unknown {
  let node = source;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

const countedTables = [
  'complaints',
  'complaint_items',
  'history_events',
  'documents',
  'ip_rights',
  'powers_of_attorney',
  'counter_notices',
  'users',
  'sellers',
  'api_keys',
  'idempotency_keys',
  'deadlines',
];

/** Row counts of every table a create route writes to. */
export async function rowCounts(env: TestEnv): Promise<Record<string, number>> {
  const select = countedTables.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ');
  const res = (await env.ctx.database.db.execute(sql.raw(`SELECT ${select}`))) as unknown as {
    rows: Record<string, number>[];
  };
  return res.rows[0] ?? {};
}

interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json(): unknown;
}

/** A refusal as SPEC §8 wants it: problem+json, the status, and the field named. */
export function expectRefused(res: Answer, status: number, field?: string): void {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const problem = res.json() as { status: number; title: string; errors?: { field: string }[] };
  expect(problem.status).toBe(status);
  expect(problem.title).toBeTruthy();
  if (field)
    expect(
      problem.errors?.map((e) => e.field),
      res.body,
    ).toContain(field);
}

/** The server still answers, and its database with it. */
export async function expectHealthy(env: TestEnv): Promise<void> {
  const res = await env.app.inject({ method: 'GET', url: '/health' });
  expect(res.statusCode, res.body).toBe(200);
}
