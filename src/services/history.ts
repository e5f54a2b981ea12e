import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { type ChainedFields, chainHash, storedJson } from '../domain/audit-chain.ts';
import type { Actor } from '../domain/roles.ts';

export interface HistoryEntry {
  complaintId: string;
  itemId?: string | null;
  counterNoticeId?: string | null;
  /** null for the system (a deadline firing). */
  actor: Actor | null;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  reason?: string | null;
  documentIds?: string[];
  data?: unknown;
  at: Date;
}

/**
 * Serialises every append to the history chain, in every process, until the appending transaction
 * ends, so the chain's id order is its commit order (issue 9 item 7). Any constant unique to this use.
 */
export const AUDIT_CHAIN_LOCK = 727275;

const fields = (id: number, e: HistoryEntry): ChainedFields => ({
  id,
  complaintId: e.complaintId,
  itemId: e.itemId ?? null,
  counterNoticeId: e.counterNoticeId ?? null,
  actorId: e.actor?.userId ?? null,
  actorRole: e.actor?.role ?? 'system',
  action: e.action,
  fromState: e.fromState ?? null,
  toState: e.toState ?? null,
  reason: e.reason ?? null,
  documentIds: e.documentIds ?? [],
  data: storedJson(e.data),
  at: e.at.toISOString(),
});

interface HeadRow {
  last_id: string | number;
  last_hash: string;
  ids: (string | number)[] | string;
}

/** node-postgres returns bigint[] as strings; a literal `{1,2}` if the driver leaves it unparsed. */
const toIds = (ids: HeadRow['ids']): number[] =>
  (typeof ids === 'string' ? ids.replace(/[{}]/g, '').split(',') : ids).map(Number).sort((a, b) => a - b);

/**
 * Appends events to the case history and to the hash chain. Call inside the transaction that makes
 * the change (SPEC §2); when given the database itself it opens its own transaction.
 */
export async function recordHistory(q: Queryable, ...entries: HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await q.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${sql.raw(String(AUDIT_CHAIN_LOCK))})`);
    // After the lock, so the head and the ids are those of the last committed append.
    const res = await tx.execute(sql`
      SELECT last_id, last_hash,
             ARRAY(SELECT nextval('history_events_id_seq') FROM generate_series(1, ${entries.length}::int)) AS ids
        FROM audit_chain_head WHERE id = 1 FOR UPDATE`);
    const head = (res as unknown as { rows: HeadRow[] }).rows[0];
    if (!head) throw new Error('audit_chain_head is missing: run the migrations (drizzle/0003_audit_chain.sql)');
    const ids = toIds(head.ids);
    let prev = head.last_hash;
    const rows = entries.map((e, i) => {
      const f = fields(ids[i]!, e);
      const hash = chainHash(prev, f);
      const row = {
        id: f.id,
        complaint_id: f.complaintId,
        item_id: f.itemId,
        counter_notice_id: f.counterNoticeId,
        actor_id: f.actorId,
        actor_role: f.actorRole,
        action: f.action,
        from_state: f.fromState,
        to_state: f.toState,
        reason: f.reason,
        document_ids: f.documentIds,
        data: f.data,
        at: f.at,
        prev_hash: prev,
        hash,
      };
      prev = hash;
      return row;
    });
    // One statement with one parameter: 10,000 events stay far from the bind-parameter limit and
    // cost one round trip. The head moves in the same statement (a WITH insert always runs to completion).
    await tx.execute(sql`
      WITH appended AS (
        INSERT INTO history_events (id, complaint_id, item_id, counter_notice_id, actor_id, actor_role, action,
                                    from_state, to_state, reason, document_ids, data, at, prev_hash, hash)
        SELECT id, complaint_id, item_id, counter_notice_id, actor_id, actor_role, action,
               from_state, to_state, reason, coalesce(document_ids, '{}'), data, at, prev_hash, hash
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
            id bigint, complaint_id uuid, item_id uuid, counter_notice_id uuid, actor_id uuid, actor_role text,
            action text, from_state text, to_state text, reason text, document_ids uuid[], data jsonb,
            at timestamptz, prev_hash text, hash text)
      )
      UPDATE audit_chain_head SET last_id = ${ids[ids.length - 1]!}::bigint, last_hash = ${prev}
       WHERE id = 1`);
  });
}
