import { createHash } from 'node:crypto';

/**
 * Tamper-evident case history (issue 9 item 7): one global hash chain over the history events in id
 * order. Each event's hash is sha256(prev_hash + canonical(event)); the first event's prev_hash is
 * the genesis hash. Pure: no database, no clock.
 *
 * The migration that sealed events written before the chain existed computes the same serialisation
 * in SQL (`history_event_canonical` in drizzle/0003_audit_chain.sql); the two must stay identical.
 */

/** prev_hash of the first event in the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that the hash covers, as they are stored. */
export interface ChainedFields {
  id: number;
  complaintId: string;
  itemId: string | null;
  counterNoticeId: string | null;
  actorId: string | null;
  actorRole: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  reason: string | null;
  documentIds: readonly string[];
  /** the jsonb value as PostgreSQL stores it (see `storedJson`). */
  data: unknown;
  at: Date;
}

/**
 * JSON text with object keys sorted (by UTF-16 code units, which equals byte order for the ASCII
 * keys the application writes) and no whitespace. Numbers print as JavaScript prints them.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/**
 * The value a jsonb column will hold for `data`: what JSON.stringify makes of it (dates become ISO
 * strings, undefined members vanish), and SQL NULL for null/undefined.
 */
export function storedJson(data: unknown): unknown {
  if (data === undefined || data === null) return null;
  const text = JSON.stringify(data);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

const str = (s: string | null): string => (s === null ? 'null' : JSON.stringify(s));

/** One line per event: a JSON array of the covered fields in a fixed order. */
export function canonicalEvent(e: ChainedFields): string {
  return (
    `[${e.id},${str(e.complaintId)},${str(e.itemId)},${str(e.counterNoticeId)},${str(e.actorId)},` +
    `${str(e.actorRole)},${str(e.action)},${str(e.fromState)},${str(e.toState)},${str(e.reason)},` +
    `[${e.documentIds.map(str).join(',')}],${canonicalJson(e.data)},${str(e.at.toISOString())}]`
  );
}

export function chainHash(prevHash: string, e: ChainedFields): string {
  return createHash('sha256').update(prevHash).update(canonicalEvent(e)).digest('hex');
}

/** What a walk over the chain found at one event (null: the event is sound). */
export type ChainProblem = 'prev_hash' | 'hash' | 'unsealed';

export function checkLink(
  expectedPrev: string,
  stored: { prevHash: string | null; hash: string | null },
  e: ChainedFields,
): ChainProblem | null {
  if (stored.hash === null || stored.prevHash === null) return 'unsealed';
  if (stored.prevHash !== expectedPrev) return 'prev_hash';
  if (stored.hash !== chainHash(expectedPrev, e)) return 'hash';
  return null;
}

export const problemText: Record<ChainProblem | 'head' | 'head_missing', string> = {
  unsealed: 'event has no hash (written outside recordHistory or never sealed)',
  prev_hash: 'prev_hash does not match the hash of the event before it (an event was removed, added or moved)',
  hash: 'hash does not match the event’s contents (the event was changed)',
  head: 'the chain head does not match the last event (events were removed from or added at the end)',
  head_missing: 'the chain head row is missing',
};
