import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { complaintItems, complaints, sellers } from '../db/schema/index.ts';
import type { Actor } from '../domain/roles.ts';
import { conflict, type FieldError, invalid, invalidMany, notFound, Problem } from '../server/problem.ts';
import { type ItemInput, MAX_ITEMS, type UpdateItem } from '../server/schemas/complaints.ts';
import type { DocumentKind } from '../server/schemas/documents.ts';
import { type ComplaintRow, type ItemRow, toItemView } from './complaints-view.ts';
import { assertOwnDocuments } from './document-access.ts';
import { recordHistory } from './history.ts';

/** seed 000 §二(一)2(3): screenshots, photos and similar material; never identity papers. */
export const evidenceKinds: readonly DocumentKind[] = ['evidence', 'other'];

/** At most this many field errors are returned for one request. */
export const MAX_ERRORS = 100;

/** One multi-row INSERT per chunk keeps each statement well under PostgreSQL's 65,535 parameters. */
const INSERT_CHUNK = 1000;
/** Items per JSON insert statement (a few MB at most). */
const JSON_INSERT_CHUNK = 5000;
const LOOKUP_CHUNK = 10_000;

/** Complaints whose content the filer may still change (seed 000 §二(二)1: make up for what is lacking). */
export const editableStates = ['draft', 'needs_correction'] as const;

export function assertEditable(complaint: ComplaintRow): void {
  if (!(editableStates as readonly string[]).includes(complaint.status)) {
    throw conflict(
      `A complaint in state '${complaint.status}' cannot be changed; only a draft or one awaiting correction.`,
    );
  }
}

/**
 * Checks what items cite against the database: the right must be one the complaint cites, each
 * evidence document the filer's own upload of an evidence kind. Returns the errors, named
 * `${base}.<index>.<field>` with `index` counted from `firstIndex`; none when all is well.
 */
export async function itemReferenceErrors(
  db: Queryable,
  actor: Actor,
  citedRightIds: readonly string[],
  items: readonly Pick<ItemInput, 'rightId' | 'evidenceDocumentIds'>[],
  base = 'items',
  firstIndex = 0,
): Promise<FieldError[]> {
  const cited = new Set(citedRightIds);
  const unique = [...new Set(items.flatMap((i) => i.evidenceDocumentIds))];
  const bad = new Map<string, string>();
  // 10,000 items may cite up to 500,000 documents: checked in slices that fit one statement.
  for (let from = 0; from < unique.length; from += LOOKUP_CHUNK) {
    const slice = unique.slice(from, from + LOOKUP_CHUNK);
    try {
      await assertOwnDocuments(db, actor, slice, 'evidence', evidenceKinds);
    } catch (err) {
      if (!(err instanceof Problem) || err.status !== 400) throw err;
      for (const e of err.errors) {
        const id = slice[Number(e.field.split('.')[1])];
        if (id !== undefined) bad.set(id, e.message);
      }
    }
  }
  const errors: FieldError[] = [];
  items.forEach((item, i) => {
    const at = `${base}.${firstIndex + i}`;
    if (item.rightId && !cited.has(item.rightId)) {
      errors.push({ field: `${at}.rightId`, message: 'is not among the IP rights the complaint cites (rightIds)' });
    }
    const seen = new Set<string>();
    item.evidenceDocumentIds.forEach((id, j) => {
      const problem = seen.has(id) ? 'is cited twice' : bad.get(id);
      if (problem) errors.push({ field: `${at}.evidenceDocumentIds.${j}`, message: problem });
      seen.add(id);
    });
  });
  return errors;
}

export function throwIfErrors(errors: FieldError[]): void {
  if (errors.length) throw invalidMany(errors.slice(0, MAX_ERRORS));
}

/** Validates items against the database, then appends them; `annotate` adds context to the errors. */
export async function addItems(
  tx: Queryable,
  complaint: ComplaintRow,
  items: readonly ItemInput[],
  actor: Actor,
  now: Date,
  annotate: (errors: FieldError[]) => FieldError[] = (e) => e,
) {
  assertEditable(complaint);
  throwIfErrors(annotate(await itemReferenceErrors(tx, actor, complaint.rightIds, items)));
  return appendItems(tx, complaint, items, actor, now);
}

/**
 * Appends items to an editable complaint in the caller's transaction, numbering them on from the
 * last; links each to the marketplace seller with that external id when the seller is synced.
 * Optimistic on the complaint's version, so two concurrent appends cannot reuse numbers.
 */
export async function appendItems(
  tx: Queryable,
  complaint: ComplaintRow,
  items: readonly ItemInput[],
  actor: Actor,
  now: Date,
): Promise<{ complaint: ComplaintRow; firstSeq: number }> {
  assertEditable(complaint);
  if (complaint.itemCount + items.length > MAX_ITEMS) {
    throw invalid(
      'items',
      `a complaint holds at most ${MAX_ITEMS} items; it has ${complaint.itemCount}, so at most ${MAX_ITEMS - complaint.itemCount} more`,
    );
  }
  const [updated] = await tx
    .update(complaints)
    .set({ itemCount: complaint.itemCount + items.length, version: complaint.version + 1, updatedAt: now })
    .where(and(eq(complaints.id, complaint.id), eq(complaints.version, complaint.version)))
    .returning();
  if (!updated) throw conflict('The complaint changed meanwhile; reload and try again.');
  const firstSeq = complaint.itemCount + 1;
  const sellerIds = await sellerIdsByExternalId(
    tx,
    items.map((i) => i.sellerExternalId),
  );
  const at = now.toISOString();
  const rows: ItemRecord[] = items.map((item, i) => ({
    complaint_id: complaint.id,
    seq: firstSeq + i,
    listing_url: item.listingUrl ?? null,
    listing_external_id: item.listingExternalId ?? null,
    seller_external_id: item.sellerExternalId ?? null,
    seller_id: item.sellerExternalId ? (sellerIds.get(item.sellerExternalId) ?? null) : null,
    seller_name: item.sellerName ?? null,
    title: item.title ?? null,
    description: item.description,
    infringement_type: item.infringementType,
    right_id: item.rightId ?? null,
    evidence_document_ids: item.evidenceDocumentIds,
    created_at: at,
    updated_at: at,
  }));
  for (let i = 0; i < rows.length; i += JSON_INSERT_CHUNK) {
    await insertItemRecords(tx, rows.slice(i, i + JSON_INSERT_CHUNK));
  }
  await recordHistory(tx, {
    complaintId: complaint.id,
    actor,
    action: 'complaint.items_added',
    documentIds: [...new Set(items.flatMap((i) => i.evidenceDocumentIds))].slice(0, 1000),
    data: { count: items.length, firstSeq, lastSeq: firstSeq + items.length - 1 },
    at: now,
  });
  return { complaint: updated, firstSeq };
}

/** A complaint_items row as the JSON that insertItemRecords sends (column names as in the table). */
interface ItemRecord {
  complaint_id: string;
  seq: number;
  listing_url: string | null;
  listing_external_id: string | null;
  seller_external_id: string | null;
  seller_id: string | null;
  seller_name: string | null;
  title: string | null;
  description: string;
  infringement_type: string;
  right_id: string | null;
  evidence_document_ids: string[];
  created_at: string;
  updated_at: string;
}

/**
 * Thousands of rows go as one JSON parameter unpacked by the server (jsonb_to_recordset): building
 * and binding 15 parameters per row cost more than the insert itself, above all on PGlite (bench/intake.ts).
 */
async function insertItemRecords(tx: Queryable, rows: ItemRecord[]): Promise<void> {
  await tx.execute(sql`
    INSERT INTO ${complaintItems} (complaint_id, seq, listing_url, listing_external_id, seller_external_id, seller_id,
      seller_name, title, description, infringement_type, right_id, evidence_document_ids, created_at, updated_at)
    SELECT complaint_id, seq, listing_url, listing_external_id, seller_external_id, seller_id,
      seller_name, title, description, infringement_type, right_id, evidence_document_ids, created_at, updated_at
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(complaint_id uuid, seq integer, listing_url text,
      listing_external_id text, seller_external_id text, seller_id uuid, seller_name text, title text,
      description text, infringement_type text, right_id uuid, evidence_document_ids uuid[],
      created_at timestamptz, updated_at timestamptz)`);
}

/** Sellers not yet synced by the marketplace stay as reported (external id and name only). */
async function sellerIdsByExternalId(
  tx: Queryable,
  externalIds: readonly (string | null | undefined)[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(externalIds.filter((s): s is string => Boolean(s)))];
  const found = new Map<string, string>();
  for (let i = 0; i < wanted.length; i += INSERT_CHUNK) {
    const rows = await tx
      .select({ id: sellers.id, externalId: sellers.externalId })
      .from(sellers)
      .where(inArray(sellers.externalId, wanted.slice(i, i + INSERT_CHUNK)));
    for (const r of rows) found.set(r.externalId, r.id);
  }
  return found;
}

export async function loadItem(db: Queryable, complaintId: string, itemId: string): Promise<ItemRow> {
  const [row] = await db
    .select()
    .from(complaintItems)
    .where(and(eq(complaintItems.complaintId, complaintId), eq(complaintItems.id, itemId)));
  if (!row) throw notFound('Item');
  return row;
}

/** Edits one item of an editable complaint, e.g. to add the evidence a correction request asks for. */
export async function updateItem(
  tx: Queryable,
  complaint: ComplaintRow,
  item: ItemRow,
  patch: UpdateItem,
  actor: Actor,
  now: Date,
) {
  assertEditable(complaint);
  const index = item.seq - 1;
  const merged = {
    listingUrl: patch.listingUrl === undefined ? item.listingUrl : patch.listingUrl,
    listingExternalId: patch.listingExternalId === undefined ? item.listingExternalId : patch.listingExternalId,
    rightId: patch.rightId === undefined ? item.rightId : patch.rightId,
    evidenceDocumentIds: patch.evidenceDocumentIds ?? item.evidenceDocumentIds,
  };
  const errors: FieldError[] = [];
  if (!merged.listingUrl && !merged.listingExternalId) {
    errors.push({ field: 'listingUrl', message: 'give the listing URL or listingExternalId' });
  }
  const refs = await itemReferenceErrors(tx, actor, complaint.rightIds, [
    { rightId: merged.rightId ?? undefined, evidenceDocumentIds: merged.evidenceDocumentIds },
  ]);
  errors.push(...refs.map((e) => ({ ...e, field: e.field.replace(/^items\.0\./, '') })));
  throwIfErrors(errors);

  const set: Partial<typeof complaintItems.$inferInsert> = { updatedAt: now };
  for (const key of Object.keys(patch) as (keyof UpdateItem)[]) {
    const value = patch[key];
    if (value !== undefined) Object.assign(set, { [key]: value });
  }
  if (patch.sellerExternalId !== undefined) {
    const ids = await sellerIdsByExternalId(tx, [patch.sellerExternalId]);
    set.sellerId = patch.sellerExternalId ? (ids.get(patch.sellerExternalId) ?? null) : null;
  }
  const [guard] = await tx
    .update(complaints)
    .set({ version: complaint.version + 1, updatedAt: now })
    .where(and(eq(complaints.id, complaint.id), eq(complaints.version, complaint.version)))
    .returning({ id: complaints.id });
  if (!guard) throw conflict('The complaint changed meanwhile; reload and try again.');
  const [row] = await tx.update(complaintItems).set(set).where(eq(complaintItems.id, item.id)).returning();
  if (!row) throw notFound('Item');
  await recordHistory(tx, {
    complaintId: complaint.id,
    itemId: item.id,
    actor,
    action: 'complaint.item_updated',
    documentIds: patch.evidenceDocumentIds ?? [],
    data: {
      seq: item.seq,
      index,
      fields: Object.keys(patch).filter((k) => patch[k as keyof UpdateItem] !== undefined),
    },
    at: now,
  });
  return row;
}

export async function listItems(db: Queryable, complaintId: string, limit: number, offset: number) {
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(complaintItems)
      .where(eq(complaintItems.complaintId, complaintId))
      .orderBy(asc(complaintItems.seq))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(complaintItems).where(eq(complaintItems.complaintId, complaintId)),
  ]);
  const n = total?.n ?? 0;
  return { data: rows.map(toItemView), total: n, nextOffset: offset + rows.length < n ? offset + rows.length : null };
}

/** The items still in a state, e.g. the pending ones that a rejection or withdrawal closes. */
export async function itemsInState(db: Queryable, complaintId: string, status: string): Promise<ItemRow[]> {
  return db
    .select()
    .from(complaintItems)
    .where(and(eq(complaintItems.complaintId, complaintId), eq(complaintItems.status, status)))
    .orderBy(asc(complaintItems.seq));
}
