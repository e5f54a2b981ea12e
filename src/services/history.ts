import type { Queryable } from '../db/client.ts';
import { historyEvents } from '../db/schema/index.ts';
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

const row = (e: HistoryEntry) => ({
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
  data: e.data ?? null,
  at: e.at,
});

/** Appends events to the case history. Call inside the transaction that makes the change (SPEC §2). */
export async function recordHistory(tx: Queryable, ...entries: HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // Chunked so 10,000 item events stay under PostgreSQL's bind-parameter limit.
  for (let i = 0; i < entries.length; i += 2000) {
    await tx.insert(historyEvents).values(entries.slice(i, i + 2000).map(row));
  }
}
