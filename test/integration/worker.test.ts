import { spawn } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintItems, complaints, deadlines, historyEvents } from '../../src/db/schema/index.ts';
import { batchDeadlineHandlers, deadlineHandlers } from '../../src/jobs/deadline-handlers.ts';
import { fireDueDeadlines } from '../../src/jobs/deadline-worker.ts';
import { makeUser, startTestApp, type TestEnv } from '../support/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestApp();
});
afterAll(async () => env.close());

/** Forwarded items whose counter-notice window ended an hour ago: each deadline must fire exactly once. */
async function forwardedItemsPastTheirWindow(count: number) {
  const db = env.ctx.database.db;
  const filer = await makeUser(env, 'complainant');
  const seller = await makeUser(env, 'respondent');
  const now = env.clock.now();
  const [complaint] = await db
    .insert(complaints)
    .values({
      caseNumber: `IPC-TEST-${Math.random().toString(36).slice(2, 10)}`,
      filerId: filer.id,
      status: 'accepted',
      complainantKind: 'enterprise',
      complainantName: 'Brand Co.',
      contactEmail: 'legal@brand.example',
      itemCount: count,
    })
    .returning();
  const items = await db
    .insert(complaintItems)
    .values(
      Array.from({ length: count }, (_, i) => ({
        complaintId: complaint!.id,
        seq: i + 1,
        listingUrl: `https://shop.example/item/${i}`,
        sellerId: seller.sellerId,
        description: 'counterfeit',
        infringementType: 'counterfeit',
        status: 'forwarded',
        forwardedAt: new Date(now.getTime() - 10 * 86_400_000),
      })),
    )
    .returning();
  await db.insert(deadlines).values(
    items.map((item) => ({
      kind: 'counter_notice_window',
      complaintId: complaint!.id,
      itemId: item.id,
      dueAt: new Date(now.getTime() - 3_600_000),
    })),
  );
  return { complaint: complaint!, items };
}

async function expectEachFiredOnce(complaintId: string, count: number) {
  const db = env.ctx.database.db;
  const rows = await db.execute(sql`
    SELECT status, count(*)::int AS n FROM deadlines WHERE complaint_id = ${complaintId} GROUP BY status`);
  expect((rows as unknown as { rows: { status: string; n: number }[] }).rows).toEqual([{ status: 'fired', n: count }]);
  const events = await db.execute(sql`
    SELECT item_id, count(*)::int AS n FROM ${historyEvents}
    WHERE complaint_id = ${complaintId} AND action = 'item.counter_window_expired' GROUP BY item_id`);
  const perItem = (events as unknown as { rows: { n: number }[] }).rows;
  expect(perItem).toHaveLength(count);
  expect(perItem.every((r) => r.n === 1)).toBe(true);
  const upheld = await db.execute(
    sql`SELECT count(*)::int AS n FROM ${complaintItems} WHERE complaint_id = ${complaintId} AND status = 'upheld'`,
  );
  expect((upheld as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(count);
}

describe('the deadline worker', () => {
  it('fires each due deadline once even when three workers race (SPEC §7)', async () => {
    const { complaint } = await forwardedItemsPastTheirWindow(120);
    const db = env.ctx.database.db;
    const now = env.clock.now();
    const results = await Promise.all(
      ['a', 'b', 'c'].map((w) =>
        fireDueDeadlines(db, deadlineHandlers, batchDeadlineHandlers, now, { batchSize: 25, workerId: w }),
      ),
    );
    // Each call takes one batch; keep going until nothing is left, as the worker loop does.
    let more = 1;
    while (more) {
      const r = await Promise.all(
        ['a', 'b', 'c'].map((w) => fireDueDeadlines(db, deadlineHandlers, batchDeadlineHandlers, now, { workerId: w })),
      );
      more = r.reduce((s, x) => s + x.fired, 0);
    }
    expect(results.reduce((s, r) => s + r.failed, 0)).toBe(0);
    await expectEachFiredOnce(complaint.id, 120);
  });

  it.runIf(process.env.RIGHTSDESK_TEST_DB === 'postgres')(
    'fires each deadline once with three worker processes on one PostgreSQL server',
    async () => {
      const { complaint } = await forwardedItemsPastTheirWindow(300);
      const url = env.ctx.database.url!;
      const run = () =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(process.execPath, ['bin/rightsdesk.js', 'worker', '--once'], {
            env: { ...process.env, DATABASE_URL: url },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let out = '';
          let err = '';
          child.stdout.on('data', (d) => {
            out += String(d);
          });
          child.stderr.on('data', (d) => {
            err += String(d);
          });
          child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`worker exited ${code}: ${err}`))));
        });
      const outputs = await Promise.all([run(), run(), run()]);
      const fired = outputs.map((o) => JSON.parse(o.trim().split('\n').pop()!).fired as number);
      expect(fired.reduce((a, b) => a + b, 0)).toBe(300);
      await expectEachFiredOnce(complaint.id, 300);
    },
    60_000,
  );
});
