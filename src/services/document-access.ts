import { inArray } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { documents } from '../db/schema/index.ts';
import { isForwardable } from '../domain/redaction.ts';
import { type Actor, staffRoles } from '../domain/roles.ts';
import { type FieldError, invalidMany, Problem } from '../server/problem.ts';
import type { DocumentKind, DocumentRow } from '../server/schemas/documents.ts';
import { filerMayReadCounterEvidence, sellerMayReadDocument } from './forwarding.ts';

/** One reason a party may read a document. A document is readable when any rule says so. */
type ReadRule = (db: Queryable, actor: Actor, doc: DocumentRow) => boolean | Promise<boolean>;

const readRules: readonly ReadRule[] = [
  (_db, actor, doc) => doc.ownerId === actor.userId,
  // The platform IP team reviews every case and its evidence (SPEC §1).
  (_db, actor) => staffRoles.includes(actor.role),
  // seed 000 §二(二)3: a seller reads the forwardable proof and evidence of complaints forwarded to it.
  (db, actor, doc) =>
    actor.role === 'respondent' && actor.sellerId !== null && sellerMayReadDocument(db, actor.sellerId, doc),
  // seed 000 §二(二)5: the complainant reads the evidence of a counter-notice forwarded to it.
  (db, actor, doc) =>
    (actor.role === 'complainant' || actor.role === 'agent') &&
    isForwardable(doc) &&
    filerMayReadCounterEvidence(db, actor.userId, doc.id),
];

/**
 * The single access check for a document's metadata and content (SPEC §2, §5). Routes answer 404
 * when it says no, so a document's existence is not revealed.
 */
export async function canReadDocument(db: Queryable, actor: Actor, doc: DocumentRow): Promise<boolean> {
  for (const rule of readRules) {
    if (await rule(db, actor, doc)) return true;
  }
  return false;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks documents a party cites (in a complaint, an IP right, a power of attorney…): each must
 * exist, be the actor's own upload and, when `kinds` is given, be of one of those kinds. Errors name
 * `${field}.${index}` (e.g. `identityDocumentIds.0`); all offending entries are reported at once.
 * Returns the rows in the order of `ids`.
 */
export async function assertOwnDocuments(
  db: Queryable,
  actor: Actor,
  ids: readonly string[],
  field: string,
  kinds?: readonly DocumentKind[],
): Promise<DocumentRow[]> {
  const wellFormed = [...new Set(ids.filter((id) => uuidPattern.test(id)))];
  const rows = wellFormed.length ? await db.select().from(documents).where(inArray(documents.id, wellFormed)) : [];
  const byId = new Map(rows.map((r) => [r.id.toLowerCase(), r]));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const found: DocumentRow[] = [];
  ids.forEach((id, i) => {
    const at = `${field}.${i}`;
    const key = id.toLowerCase();
    const row = byId.get(key);
    // Someone else's document reads as "not found", as it does on GET /documents/:id.
    if (!row || row.ownerId !== actor.userId) {
      errors.push({ field: at, message: 'is not a document you uploaded' });
    } else if (seen.has(key)) {
      errors.push({ field: at, message: 'is cited twice' });
    } else if (kinds && !kinds.includes(row.kind)) {
      errors.push({ field: at, message: `is a ${row.kind} document; expected ${kinds.join(' or ')}` });
    } else {
      found.push(row);
    }
    seen.add(key);
  });
  if (errors.length) throw invalidMany(errors);
  return found;
}

/** assertOwnDocuments for a single cited document; errors name `field` itself (e.g. `documentId`). */
export async function assertOwnDocument(
  db: Queryable,
  actor: Actor,
  id: string,
  field: string,
  kinds?: readonly DocumentKind[],
): Promise<DocumentRow> {
  try {
    const [row] = await assertOwnDocuments(db, actor, [id], field, kinds);
    if (!row) throw new Error('assertOwnDocuments returned no row');
    return row;
  } catch (err) {
    if (err instanceof Problem && err.status === 400) {
      throw invalidMany(err.errors.map((e) => ({ ...e, field: e.field === `${field}.0` ? field : e.field })));
    }
    throw err;
  }
}
