import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { type ChainProblem, canonicalJson, checkLink, GENESIS_HASH, problemText } from '../domain/audit-chain.ts';

export interface AuditVerification {
  ok: boolean;
  events: number;
  ms: number;
  /** the first event at which the chain breaks (for a truncated tail: the head's last id). */
  firstBadId?: number;
  problem?: string;
}

interface EventRow {
  id: string | number;
  /** the canonical text up to and including the document ids, and its comma. */
  head: string;
  data: unknown;
  /** the canonical text after data: the time and the closing bracket. */
  tail: string;
  prev_hash: string | null;
  hash: string | null;
}

const rowsOf = <T>(res: unknown): T[] => (res as { rows: T[] }).rows;

/**
 * The canonical text of each event (`canonicalEvent` in src/domain/audit-chain.ts) is built by the
 * server, except `data`: PostgreSQL's to_json escapes strings exactly as JSON.stringify does, but
 * prints jsonb objects with its own key order, so data is made canonical here. Six columns instead of
 * fifteen halve what the client decodes and allocates per event (bench/audit.ts); only built-in
 * functions are used, so verifying trusts nothing that a database user could have redefined.
 * The tests verify chains whose fields hold quotes, backslashes, control characters and emoji.
 */
function idRange(db: Queryable, after: number, upTo: number): Promise<EventRow[]> {
  // Pages by id range on the primary key, never one giant SELECT: memory stays flat at any size.
  return db
    .execute(sql`
      SELECT id,
             '[' || id
               || ',' || to_json(complaint_id::text)
               || ',' || coalesce(to_json(item_id::text)::text, 'null')
               || ',' || coalesce(to_json(counter_notice_id::text)::text, 'null')
               || ',' || coalesce(to_json(actor_id::text)::text, 'null')
               || ',' || to_json(actor_role)
               || ',' || to_json(action)
               || ',' || coalesce(to_json(from_state)::text, 'null')
               || ',' || coalesce(to_json(to_state)::text, 'null')
               || ',' || coalesce(to_json(reason)::text, 'null')
               || ',' || to_json(document_ids::text[]) || ',' AS head,
             data,
             ',"' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"]' AS tail,
             prev_hash, hash
        FROM history_events WHERE id > ${after}::bigint AND id <= ${upTo}::bigint ORDER BY id`)
    .then((res) => rowsOf<EventRow>(res));
}

/**
 * Walks the whole history in id order, recomputing the hash chain, and compares its end with the
 * chain head (issue 9 item 7). Stops at the first break.
 */
export async function verifyAuditChain(
  db: Queryable,
  options: { batchSize?: number } = {},
): Promise<AuditVerification> {
  const started = performance.now();
  const size = options.batchSize ?? 5_000;
  const done = (r: Omit<AuditVerification, 'ms'>): AuditVerification => ({
    ...r,
    ms: Math.round(performance.now() - started),
  });
  // Read the head first: the walk judges the chain up to it; later appends are the next run's.
  const [head] = rowsOf<{ last_id: string | number; last_hash: string }>(
    await db.execute(sql`SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1`),
  );
  if (!head) return done({ ok: false, events: 0, problem: problemText.head_missing });
  const headId = Number(head.last_id);

  let expectedPrev = GENESIS_HASH;
  let lastId = 0;
  let events = 0;
  // Id ranges are known before their rows arrive, so several pages are in flight on separate
  // connections while one is hashed (inside a transaction there is one connection: one at a time).
  const depth = 'rollback' in db ? 1 : 3;
  const pending: Promise<EventRow[]>[] = [];
  let nextFrom = 0;
  const settle = () => Promise.allSettled(pending);
  for (;;) {
    while (pending.length < depth && nextFrom < headId) {
      pending.push(idRange(db, nextFrom, Math.min(nextFrom + size, headId)));
      nextFrom += size;
    }
    const page = pending.shift();
    if (!page) break;
    const batch = await page;
    if (batch.length === 0 && nextFrom < headId) {
      // Ids have gaps (rolled-back appends); skip a long run of them in one step.
      const [gap] = rowsOf<{ next: string | number | null }>(
        await db.execute(sql`SELECT min(id) AS next FROM history_events WHERE id > ${nextFrom}::bigint`),
      );
      if (gap?.next != null) nextFrom = Math.max(nextFrom, Number(gap.next) - 1);
    }
    for (const r of batch) {
      const id = Number(r.id);
      const problem: ChainProblem | null = checkLink(
        expectedPrev,
        { prevHash: r.prev_hash, hash: r.hash },
        r.head + canonicalJson(r.data ?? null) + r.tail,
      );
      if (problem) {
        await settle();
        return done({ ok: false, events, firstBadId: id, problem: problemText[problem] });
      }
      expectedPrev = r.hash!;
      lastId = id;
      events += 1;
    }
  }
  if (lastId !== headId || expectedPrev !== head.last_hash) {
    // The tail was cut (or the head forged): the head names an event the walk did not end on.
    return done({ ok: false, events, firstBadId: headId, problem: problemText.head });
  }
  // Events past the head are either appended since we read it, or written without moving it.
  const [beyond] = rowsOf<{ id: string | number; head: string | number | null }>(
    await db.execute(sql`
      SELECT e.id, (SELECT last_id FROM audit_chain_head WHERE id = 1) AS head
        FROM history_events e WHERE e.id > ${headId}::bigint ORDER BY e.id LIMIT 1`),
  );
  if (beyond && Number(beyond.head) === headId) {
    return done({ ok: false, events, firstBadId: Number(beyond.id), problem: problemText.head });
  }
  return done({ ok: true, events });
}
