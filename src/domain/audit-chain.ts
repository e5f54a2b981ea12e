import { hash } from 'node:crypto';

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
  /** a string is the time already in Date.toISOString's form (as verify reads it from the database). */
  at: Date | string;
}

/**
 * JSON text with object keys sorted (by UTF-16 code units, which equals byte order for the ASCII
 * keys the application writes) and no whitespace. Numbers print as JavaScript prints them.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'string' ? jsonString(value) : (JSON.stringify(value) ?? 'null');
  }
  // Loops rather than map/join: verify runs this a million times (bench/audit.ts).
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  out = '{';
  for (let i = 0; i < keys.length; i++)
    out += `${i ? ',' : ''}${jsonString(keys[i]!)}:${canonicalJson(record[keys[i]!])}`;
  return `${out}}`;
}

/** Characters JSON.stringify escapes (quote, backslash, controls, and surrogates when unpaired). */
const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify of a string, without its cost for the plain ids and names that make up most events. */
function jsonString(s: string): string {
  return needsEscape.test(s) ? JSON.stringify(s) : `"${s}"`;
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

const str = (s: string | null): string => (s === null ? 'null' : jsonString(s));

/** One line per event: a JSON array of the covered fields in a fixed order. */
export function canonicalEvent(e: ChainedFields): string {
  return (
    `[${e.id},${str(e.complaintId)},${str(e.itemId)},${str(e.counterNoticeId)},${str(e.actorId)},` +
    `${str(e.actorRole)},${str(e.action)},${str(e.fromState)},${str(e.toState)},${str(e.reason)},` +
    `${canonicalJson(e.documentIds)},${canonicalJson(e.data)},"${typeof e.at === 'string' ? e.at : e.at.toISOString()}"]`
  );
}

export function chainHash(prevHash: string, e: ChainedFields): string {
  return linkHash(prevHash, canonicalEvent(e));
}

/** sha256 hex of the previous hash followed by the event's canonical text. */
function linkHash(prevHash: string, canonical: string): string {
  // One-shot crypto.hash (Node ≥ 20.12) is several times faster than createHash for short inputs.
  return hash('sha256', prevHash + canonical, 'hex');
}

/** What a walk over the chain found at one event (null: the event is sound). */
export type ChainProblem = 'prev_hash' | 'hash' | 'unsealed';

/**
 * Judges one link of the chain. `canonical` is the event's canonical text (`canonicalEvent`), however
 * the caller came by it: verify builds most of it in SQL (src/services/audit.ts).
 */
export function checkLink(
  expectedPrev: string,
  stored: { prevHash: string | null; hash: string | null },
  canonical: string,
): ChainProblem | null {
  if (stored.hash === null || stored.prevHash === null) return 'unsealed';
  if (stored.prevHash !== expectedPrev) return 'prev_hash';
  if (stored.hash !== linkHash(expectedPrev, canonical)) return 'hash';
  return null;
}

export const problemText: Record<ChainProblem | 'head' | 'head_missing', string> = {
  unsealed: 'event has no hash (written outside recordHistory or never sealed)',
  prev_hash: 'prev_hash does not match the hash of the event before it (an event was removed, added or moved)',
  hash: 'hash does not match the event’s contents (the event was changed)',
  head: 'the chain head does not match the last event (events were removed from or added at the end)',
  head_missing: 'the chain head row is missing',
};
