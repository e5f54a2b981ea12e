import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { complaintItems, documents, ipRights, powersOfAttorney, users } from '../db/schema/index.ts';
import type { PowerOfAttorneyTerms } from '../domain/authorization-scope.ts';
import { localDateOf } from '../domain/calendar.ts';
import {
  type ChecklistEntry,
  type ComplainantKind,
  type CompletenessItem,
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
  const facts = await checklistFacts(db, complaint);
  return checkCompleteness(
    {
      filedByAgent: facts.filerRole === 'agent',
      complainantKind: complaint.complainantKind as ComplainantKind,
      contactEmail: complaint.contactEmail,
      contactPhone: complaint.contactPhone,
      identityDocumentIds: complaint.identityDocumentIds,
      rightIds: complaint.rightIds,
      ownershipDocumentIds: complaint.ownershipDocumentIds,
      powerOfAttorneyId: complaint.powerOfAttorneyId,
      statement: statementOf(complaint),
      items: facts.items,
    },
    {
      documents: new Map(Object.entries(facts.documents)),
      rights: new Map(Object.entries(facts.rights)),
      powerOfAttorney: facts.powerOfAttorney,
      onDate: localDateOf(complaint.submittedAt ?? now, jurisdictionProfile(complaint.jurisdiction).timeZone),
    },
    options,
  );
}

interface FactsRow {
  filer_role: string | null;
  /** [seq, listingUrl, listingExternalId, description, rightId, evidenceDocumentIds] per item, by seq. */
  items: [number, string | null, string | null, string | null, string | null, string[] | null][];
  /** id → kind of the cited documents that exist and are the filer's own uploads. */
  documents: Record<string, string>;
  /** id → facts of the cited rights registered by the filer. */
  rights: Record<string, RightFacts>;
  /** the cited power of attorney, when it exists and names the filer as agent. */
  power_of_attorney: PowerOfAttorneyTerms | null;
}

/**
 * Everything the check reads, in one statement: the case view runs it on every GET, and one round
 * trip instead of six is most of its cost under load (bench/http.ts). Dates come back as ISO text.
 */
async function checklistFacts(db: Queryable, complaint: ComplaintRow) {
  const uuids = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;
  const res = await db.execute(sql`
    SELECT
      (SELECT ${users.role} FROM ${users} WHERE ${users.id} = ${complaint.filerId}) AS filer_role,
      coalesce((
        SELECT json_agg(json_build_array(i.seq, i.listing_url, i.listing_external_id, i.description, i.right_id,
                                         i.evidence_document_ids) ORDER BY i.seq)
          FROM ${complaintItems} i WHERE i.complaint_id = ${complaint.id}), '[]') AS items,
      coalesce((
        SELECT json_object_agg(d.id, d.kind)
          FROM ${documents} d
         WHERE d.owner_id = ${complaint.filerId}
           AND d.id IN (SELECT unnest(${uuids([...complaint.identityDocumentIds, ...complaint.ownershipDocumentIds])})
                        UNION
                        SELECT unnest(e.evidence_document_ids) FROM ${complaintItems} e
                         WHERE e.complaint_id = ${complaint.id})), '{}') AS documents,
      coalesce((
        SELECT json_object_agg(r.id, json_build_object('verification', r.verification, 'validTo', r.valid_to))
          FROM ${ipRights} r
         WHERE r.holder_id = ${complaint.filerId} AND r.id = ANY(${uuids(complaint.rightIds)})), '{}') AS rights,
      (SELECT json_build_object('rightIds', p.right_ids, 'validFrom', p.valid_from, 'validTo', p.valid_to,
                                'verification', p.verification)
         FROM ${powersOfAttorney} p
        WHERE p.id = ${complaint.powerOfAttorneyId}::uuid AND p.agent_id = ${complaint.filerId}) AS power_of_attorney`);
  const row = (res as unknown as { rows: FactsRow[] }).rows[0]!;
  const items: CompletenessItem[] = row.items.map(([seq, listingUrl, listingExternalId, description, rightId, ev]) => ({
    position: seq - 1,
    listingUrl,
    listingExternalId,
    description,
    rightId,
    evidenceDocumentIds: ev ?? [],
  }));
  return {
    filerRole: row.filer_role,
    items,
    documents: row.documents,
    rights: row.rights,
    powerOfAttorney: row.power_of_attorney,
  };
}
