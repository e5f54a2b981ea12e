import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../src/db/client.ts';
import { verifyAuditChain } from '../../src/services/audit.ts';
import { type HistoryEntry, recordHistory } from '../../src/services/history.ts';
import { fileCompleteComplaint } from '../support/case-factories.ts';
import { makeUser, openTestDatabase, startTestApp, type TestEnv } from '../support/harness.ts';

/**
 * Events with awkward contents: escapes, control characters, line and paragraph separators, non-ASCII,
 * nested data in any key order, extreme numbers. Verify builds most of the canonical text in SQL and
 * writing builds it all in JavaScript: these must come out the same.
 */
function sampleEntries(n: number, complaintId = randomUUID()): HistoryEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    complaintId,
    itemId: i % 2 ? randomUUID() : null,
    counterNoticeId: i % 5 === 0 ? randomUUID() : null,
    actor: i % 3 ? { userId: randomUUID(), role: 'reviewer', sellerId: null, scopes: null } : null,
    action: `item.step_${i}`,
    fromState: i % 4 ? 'forwarded' : null,
    toState: 'upheld',
    reason: i % 2 ? `“Quoted” "q" \\ back\tslash\n第${i}条 😀 \u0001\u001f\b\f\r\u007f\u2028\u2029 </script>` : null,
    documentIds: i % 3 ? [randomUUID(), randomUUID()] : [],
    data:
      i % 2
        ? { z: 1, a: [1.5e-7, 1e21, -0, 0.1 + 0.2, { y: null, b: 'é' }], when: new Date(0), gone: undefined }
        : undefined,
    at: new Date(Date.UTC(2026, 8, 24, 2, 0, i, 7)),
  }));
}

const rows = <T>(res: unknown) => (res as { rows: T[] }).rows;

async function eventIds(db: Db): Promise<number[]> {
  return rows<{ id: string | number }>(await db.execute(sql`SELECT id FROM history_events ORDER BY id`)).map((r) =>
    Number(r.id),
  );
}

/** Runs `tamper` as the database superuser with the append-only trigger off, then puts every event back. */
async function tampered(db: Db, tamper: string) {
  await db.execute(sql`DROP TABLE IF EXISTS audit_test_copy`);
  await db.execute(sql`CREATE TABLE audit_test_copy AS SELECT * FROM history_events`);
  await db.execute(sql`ALTER TABLE history_events DISABLE TRIGGER USER`);
  try {
    await db.execute(sql.raw(tamper));
    return await verifyAuditChain(db, { batchSize: 7 });
  } finally {
    await db.execute(sql`DELETE FROM history_events`);
    await db.execute(sql`INSERT INTO history_events SELECT * FROM audit_test_copy`);
    await db.execute(sql`ALTER TABLE history_events ENABLE TRIGGER USER`);
  }
}

describe('the tamper-evident history (issue 9 item 7)', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestApp();
  });
  afterAll(async () => env.close());

  it('verifies the chain a real case writes through the API', async () => {
    const complainant = await makeUser(env, 'complainant');
    const reviewer = await makeUser(env, 'reviewer');
    await fileCompleteComplaint(env, complainant, reviewer, [{ externalId: 'SHOP-A', items: 3 }]);
    const result = await verifyAuditChain(env.ctx.database.db);
    expect(result).toMatchObject({ ok: true });
    expect(result.events).toBeGreaterThanOrEqual(2);
  });

  it('keeps the chain in one line when many transactions append at once', async () => {
    const db = env.ctx.database.db;
    await Promise.all(
      Array.from({ length: 12 }, () => db.transaction(async (tx) => recordHistory(tx, ...sampleEntries(5)))),
    );
    // Called with the database itself, recordHistory opens its own transaction.
    await recordHistory(db, ...sampleEntries(3));
    expect(await verifyAuditChain(db, { batchSize: 10 })).toMatchObject({ ok: true });
  });
});

describe('a broken chain is found at its first bad event', () => {
  let database: Database;
  let db: Db;
  let ids: number[];
  beforeAll(async () => {
    database = await openTestDatabase();
    db = database.db;
    await recordHistory(db, ...sampleEntries(20));
    await recordHistory(db, ...sampleEntries(20));
    ids = await eventIds(db);
  });
  afterAll(async () => database.close());

  it('verifies before any tampering, with every event counted', async () => {
    expect(await verifyAuditChain(db, { batchSize: 7 })).toMatchObject({ ok: true, events: 40 });
  });

  it('refuses an ordinary UPDATE or DELETE of an event (append-only trigger)', async () => {
    await expect(db.execute(sql`UPDATE history_events SET action = 'forged' WHERE id = ${ids[3]!}`)).rejects.toThrow();
    await expect(db.execute(sql`DELETE FROM history_events WHERE id = ${ids[3]!}`)).rejects.toThrow();
  });

  const changes: Record<string, string> = {
    complaint_id: 'gen_random_uuid()',
    item_id: 'gen_random_uuid()',
    counter_notice_id: 'gen_random_uuid()',
    actor_id: 'gen_random_uuid()',
    actor_role: `'admin'`,
    action: `'item.forged'`,
    from_state: `'pending'`,
    to_state: `'restored'`,
    reason: `coalesce(reason, '') || '.'`,
    document_ids: 'array_append(document_ids, gen_random_uuid())',
    data: `coalesce(data, '{}') || '{"forged": true}'`,
    at: `at + interval '1 millisecond'`,
    hash: `repeat('f', 64)`,
  };
  for (const [column, value] of Object.entries(changes)) {
    it(`finds a changed ${column}`, async () => {
      const victim = ids[11]!;
      const r = await tampered(db, `UPDATE history_events SET ${column} = ${value} WHERE id = ${victim}`);
      expect(r).toMatchObject({ ok: false, firstBadId: victim });
      expect(r.problem).toMatch(/changed/);
    });
  }

  it('finds a changed prev_hash', async () => {
    const r = await tampered(db, `UPDATE history_events SET prev_hash = repeat('0', 64) WHERE id = ${ids[11]!}`);
    expect(r).toMatchObject({ ok: false, firstBadId: ids[11] });
  });

  it('finds a deleted event at the event after it', async () => {
    const r = await tampered(db, `DELETE FROM history_events WHERE id = ${ids[5]!}`);
    expect(r).toMatchObject({ ok: false, firstBadId: ids[6] });
    expect(r.problem).toMatch(/removed/);
  });

  it('finds a deleted last event through the chain head', async () => {
    const last = ids[ids.length - 1]!;
    const r = await tampered(db, `DELETE FROM history_events WHERE id = ${last}`);
    expect(r).toMatchObject({ ok: false, firstBadId: last, events: ids.length - 1 });
    expect(r.problem).toMatch(/chain head/);
  });

  it('finds two events whose contents were swapped, with their hashes or without', async () => {
    const [a, b] = [ids[8]!, ids[14]!];
    const cols =
      'complaint_id, item_id, counter_notice_id, actor_id, actor_role, action, from_state, to_state, reason, document_ids, data, at';
    const swap = (c: string) => `
      UPDATE history_events h SET (${c}) = (SELECT ${c} FROM audit_test_copy o WHERE o.id = CASE h.id WHEN ${a} THEN ${b} ELSE ${a} END)
       WHERE h.id IN (${a}, ${b})`;
    expect(await tampered(db, swap(cols))).toMatchObject({ ok: false, firstBadId: a });
    expect(await tampered(db, swap(`${cols}, prev_hash, hash`))).toMatchObject({ ok: false, firstBadId: a });
  });

  it('finds an event inserted past the head without moving it', async () => {
    const r = await tampered(
      db,
      `INSERT INTO history_events (complaint_id, actor_role, action, at, prev_hash, hash)
       VALUES (gen_random_uuid(), 'system', 'forged', now(), repeat('a', 64), repeat('b', 64))`,
    );
    expect(r.ok).toBe(false);
    expect(r.firstBadId).toBeGreaterThan(ids[ids.length - 1]!);
  });

  it('verifies again once everything is put back', async () => {
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, events: 40 });
  });
});

describe('a database upgraded from before the chain', () => {
  it('is sealed in id order by the migration and verifies, then keeps chaining', async () => {
    const database = await openTestDatabase();
    const db = database.db;
    try {
      // The state 0003_audit_chain meets on an old database: events without hashes and no head.
      await db.execute(sql`DELETE FROM audit_chain_head`);
      const legacy = sampleEntries(15).map((e) => ({
        ...e,
        data: e.data === undefined ? null : JSON.stringify(e.data),
      }));
      for (const e of legacy) {
        await db.execute(sql`
          INSERT INTO history_events (complaint_id, item_id, counter_notice_id, actor_id, actor_role, action, from_state,
                                      to_state, reason, document_ids, data, at)
          VALUES (${e.complaintId}, ${e.itemId}, ${e.counterNoticeId}, ${e.actor?.userId ?? null}, ${e.actor?.role ?? 'system'},
                  ${e.action}, ${e.fromState}, ${e.toState}, ${e.reason},
                  ${`{${(e.documentIds ?? []).join(',')}}`}::uuid[], ${e.data}::jsonb, ${e.at.toISOString()}::timestamptz)`);
      }
      expect(await verifyAuditChain(db)).toMatchObject({ ok: false });
      await db.execute(sql`SELECT audit_chain_seal_legacy()`);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, events: 15 });
      // Sealing again would launder a tampered chain: it is refused.
      await expect(db.execute(sql`SELECT audit_chain_seal_legacy()`)).rejects.toThrow();
      await recordHistory(db, ...sampleEntries(4));
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, events: 19 });
    } finally {
      await database.close();
    }
  });
});
