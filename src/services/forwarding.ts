import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { complaintItems, complaints, counterNotices, documents, ipRights } from '../db/schema/index.ts';
import { isForwardable, redactFreeText } from '../domain/redaction.ts';
import { notFound } from '../server/problem.ts';

/**
 * The respondent's view of a complaint (seed 000 §二(二)3). Built by whitelisting: the complainant's
 * name and contact e-mail, proof of ownership and evidence that may be forwarded, and only this
 * seller's forwarded items. Phone numbers, identity documents, licences, powers of attorney and
 * do-not-forward material never enter it; free text is scrubbed of phone and ID numbers.
 */
export interface ForwardedDocument {
  id: string;
  kind: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
}

export interface RespondentComplaintView {
  id: string;
  caseNumber: string;
  jurisdiction: string;
  complainantName: string;
  contactEmail: string;
  acceptedAt: Date | null;
  rights: {
    id: string;
    type: string;
    registrationNumber: string | null;
    jurisdiction: string;
    ownerName: string;
    validFrom: string | null;
    validTo: string | null;
    classes: string[];
    subject: string | null;
    documents: ForwardedDocument[];
  }[];
  ownershipDocuments: ForwardedDocument[];
  items: {
    id: string;
    seq: number;
    listingUrl: string | null;
    listingExternalId: string | null;
    title: string | null;
    description: string;
    infringementType: string;
    rightId: string | null;
    status: string;
    forwardedAt: Date | null;
    counterNoticeDueAt: Date | null;
    evidence: ForwardedDocument[];
  }[];
  counterNotices: { id: string; caseNumber: string; status: string; itemIds: string[]; submittedAt: Date }[];
}

const toForwarded = (d: typeof documents.$inferSelect): ForwardedDocument => ({
  id: d.id,
  kind: d.kind,
  fileName: d.fileName,
  mediaType: d.mediaType,
  sizeBytes: d.sizeBytes,
  sha256: d.sha256,
});

async function forwardableDocuments(db: Queryable, ids: string[]): Promise<Map<string, ForwardedDocument>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(documents)
    .where(inArray(documents.id, [...new Set(ids)]));
  return new Map(rows.filter(isForwardable).map((d) => [d.id, toForwarded(d)]));
}

const pick = (ids: string[], docs: Map<string, ForwardedDocument>) =>
  ids.map((id) => docs.get(id)).filter((d): d is ForwardedDocument => Boolean(d));

export async function respondentComplaintView(
  db: Queryable,
  sellerId: string,
  complaintId: string,
): Promise<RespondentComplaintView> {
  const [complaint] = await db.select().from(complaints).where(eq(complaints.id, complaintId));
  const items = complaint
    ? await db
        .select()
        .from(complaintItems)
        .where(
          and(
            eq(complaintItems.complaintId, complaintId),
            eq(complaintItems.sellerId, sellerId),
            isNotNull(complaintItems.forwardedAt),
          ),
        )
        .orderBy(complaintItems.seq)
    : [];
  // Another seller's complaint, or one not yet forwarded, does not exist for this seller.
  if (!complaint || items.length === 0) throw notFound('Complaint');
  const rights = complaint.rightIds.length
    ? await db.select().from(ipRights).where(inArray(ipRights.id, complaint.rightIds))
    : [];
  const docs = await forwardableDocuments(db, [
    ...rights.flatMap((r) => r.documentIds),
    ...complaint.ownershipDocumentIds,
    ...items.flatMap((i) => i.evidenceDocumentIds),
  ]);
  const cns = await db
    .select()
    .from(counterNotices)
    .where(and(eq(counterNotices.complaintId, complaintId), eq(counterNotices.sellerId, sellerId)))
    .orderBy(desc(counterNotices.createdAt));
  return {
    id: complaint.id,
    caseNumber: complaint.caseNumber,
    jurisdiction: complaint.jurisdiction,
    complainantName: complaint.complainantName,
    contactEmail: complaint.contactEmail,
    acceptedAt: complaint.decidedAt,
    rights: rights.map((r) => ({
      id: r.id,
      type: r.type,
      registrationNumber: r.registrationNumber,
      jurisdiction: r.jurisdiction,
      ownerName: r.ownerName,
      validFrom: r.validFrom,
      validTo: r.validTo,
      classes: r.classes,
      subject: r.subject === null ? null : redactFreeText(r.subject),
      documents: pick(r.documentIds, docs),
    })),
    ownershipDocuments: pick(complaint.ownershipDocumentIds, docs),
    items: items.map((i) => ({
      id: i.id,
      seq: i.seq,
      listingUrl: i.listingUrl,
      listingExternalId: i.listingExternalId,
      title: i.title === null ? null : redactFreeText(i.title),
      description: redactFreeText(i.description),
      infringementType: i.infringementType,
      rightId: i.rightId,
      status: i.status,
      forwardedAt: i.forwardedAt,
      counterNoticeDueAt: i.status === 'forwarded' ? i.dueAt : null,
      evidence: pick(i.evidenceDocumentIds, docs),
    })),
    counterNotices: cns.map((c) => ({
      id: c.id,
      caseNumber: c.caseNumber,
      status: c.status,
      itemIds: c.itemIds,
      submittedAt: c.submittedAt,
    })),
  };
}

/** The complaints forwarded to a seller, newest first. */
export async function respondentComplaintList(db: Queryable, sellerId: string, limit: number, offset: number) {
  return db
    .select({
      id: complaints.id,
      caseNumber: complaints.caseNumber,
      complainantName: complaints.complainantName,
      items: sql<number>`count(*)::int`,
      openItems: sql<number>`count(*) FILTER (WHERE ${complaintItems.status} = 'forwarded')::int`,
      nextDueAt: sql<Date | null>`min(${complaintItems.dueAt})`,
      forwardedAt: sql<Date>`min(${complaintItems.forwardedAt})`,
    })
    .from(complaintItems)
    .innerJoin(complaints, eq(complaints.id, complaintItems.complaintId))
    .where(and(eq(complaintItems.sellerId, sellerId), isNotNull(complaintItems.forwardedAt)))
    .groupBy(complaints.id)
    .orderBy(desc(sql`min(${complaintItems.forwardedAt})`))
    .limit(limit)
    .offset(offset);
}

/**
 * Whether a seller may download a document: only a forwardable document cited as evidence of an
 * item forwarded to it, or as proof of ownership of a complaint with such an item.
 */
export async function sellerMayReadDocument(
  db: Queryable,
  sellerId: string,
  doc: { id: string; kind: string; doNotForward: boolean },
): Promise<boolean> {
  if (!isForwardable(doc)) return false;
  const result = (await db.execute(sql`
    SELECT 1 FROM complaint_items i
    JOIN complaints c ON c.id = i.complaint_id
    WHERE i.seller_id = ${sellerId} AND i.forwarded_at IS NOT NULL
      AND (${doc.id}::uuid = ANY(i.evidence_document_ids)
        OR ${doc.id}::uuid = ANY(c.ownership_document_ids)
        OR EXISTS (SELECT 1 FROM ip_rights r WHERE r.id = ANY(c.right_ids) AND ${doc.id}::uuid = ANY(r.document_ids)))
    LIMIT 1`)) as unknown as { rows: unknown[] };
  return result.rows.length > 0;
}

/** Whether a complainant may download a respondent's document: evidence of a counter-notice forwarded to it. */
export async function filerMayReadCounterEvidence(db: Queryable, userId: string, docId: string): Promise<boolean> {
  const result = (await db.execute(sql`
    SELECT 1 FROM counter_notices n JOIN complaints c ON c.id = n.complaint_id
    WHERE c.filer_id = ${userId} AND n.status = 'forwarded' AND ${docId}::uuid = ANY(n.evidence_document_ids)
    LIMIT 1`)) as unknown as { rows: unknown[] };
  return result.rows.length > 0;
}
