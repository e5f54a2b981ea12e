import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { complaintItems, documents, ipRights, powersOfAttorney, users } from '../db/schema/index.ts';
import type { PowerOfAttorneyTerms } from '../domain/authorization-scope.ts';
import { localDateOf } from '../domain/calendar.ts';
import {
  type ChecklistEntry,
  type ComplainantKind,
  type CompletenessFacts,
  type CompletenessOptions,
  checkCompleteness,
  type RightFacts,
} from '../domain/completeness.ts';
import { jurisdictionProfile } from '../domain/jurisdictions.ts';
import { type ComplaintRow, statementOf } from './complaints-view.ts';

/**
 * Looks up the facts the completeness check needs (seed 000 §二(二)1) and runs it. The power of
 * attorney is judged on the day of the latest submission in the jurisdiction's calendar, or today
 * while the complaint is a draft.
 */
export async function complaintChecklist(
  db: Queryable,
  complaint: ComplaintRow,
  now: Date,
  options: CompletenessOptions = {},
): Promise<ChecklistEntry[]> {
  const [filer] = await db.select({ role: users.role }).from(users).where(eq(users.id, complaint.filerId));
  const items = await db
    .select({
      seq: complaintItems.seq,
      listingUrl: complaintItems.listingUrl,
      listingExternalId: complaintItems.listingExternalId,
      description: complaintItems.description,
      rightId: complaintItems.rightId,
      evidenceDocumentIds: complaintItems.evidenceDocumentIds,
    })
    .from(complaintItems)
    .where(eq(complaintItems.complaintId, complaint.id))
    .orderBy(asc(complaintItems.seq));
  const onDate = localDateOf(complaint.submittedAt ?? now, jurisdictionProfile(complaint.jurisdiction).timeZone);
  const facts: CompletenessFacts = {
    documents: await citedDocuments(db, complaint),
    rights: await citedRights(db, complaint),
    powerOfAttorney: await citedPowerOfAttorney(db, complaint),
    onDate,
  };
  return checkCompleteness(
    {
      filedByAgent: filer?.role === 'agent',
      complainantKind: complaint.complainantKind as ComplainantKind,
      contactEmail: complaint.contactEmail,
      contactPhone: complaint.contactPhone,
      identityDocumentIds: complaint.identityDocumentIds,
      rightIds: complaint.rightIds,
      ownershipDocumentIds: complaint.ownershipDocumentIds,
      powerOfAttorneyId: complaint.powerOfAttorneyId,
      statement: statementOf(complaint),
      items: items.map((i) => ({ ...i, position: i.seq - 1 })),
    },
    facts,
    options,
  );
}

/** The cited documents that exist and are the filer's own uploads, with their kinds. */
async function citedDocuments(db: Queryable, complaint: ComplaintRow): Promise<Map<string, string>> {
  const own = eq(documents.ownerId, complaint.filerId);
  const direct = [...new Set([...complaint.identityDocumentIds, ...complaint.ownershipDocumentIds])];
  const evidence = db
    .select({ id: sql`unnest(${complaintItems.evidenceDocumentIds})` })
    .from(complaintItems)
    .where(eq(complaintItems.complaintId, complaint.id));
  // Sequential: inside a transaction both queries share one connection.
  const a = direct.length
    ? await db
        .select({ id: documents.id, kind: documents.kind })
        .from(documents)
        .where(and(own, inArray(documents.id, direct)))
    : [];
  const b = await db
    .select({ id: documents.id, kind: documents.kind })
    .from(documents)
    .where(and(own, inArray(documents.id, evidence)));
  return new Map([...a, ...b].map((d) => [d.id, d.kind]));
}

async function citedRights(db: Queryable, complaint: ComplaintRow): Promise<Map<string, RightFacts>> {
  if (complaint.rightIds.length === 0) return new Map();
  const rows = await db
    .select({ id: ipRights.id, verification: ipRights.verification, validTo: ipRights.validTo })
    .from(ipRights)
    .where(and(eq(ipRights.holderId, complaint.filerId), inArray(ipRights.id, complaint.rightIds)));
  return new Map(rows.map((r) => [r.id, { verification: r.verification, validTo: r.validTo }]));
}

async function citedPowerOfAttorney(db: Queryable, complaint: ComplaintRow): Promise<PowerOfAttorneyTerms | null> {
  if (!complaint.powerOfAttorneyId) return null;
  const [poa] = await db
    .select({
      rightIds: powersOfAttorney.rightIds,
      validFrom: powersOfAttorney.validFrom,
      validTo: powersOfAttorney.validTo,
      verification: powersOfAttorney.verification,
    })
    .from(powersOfAttorney)
    .where(and(eq(powersOfAttorney.id, complaint.powerOfAttorneyId), eq(powersOfAttorney.agentId, complaint.filerId)));
  return poa ?? null;
}
