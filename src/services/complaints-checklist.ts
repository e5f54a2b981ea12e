import { eq, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import {
  complaintItems,
  complaints,
  correctionRequests,
  documents,
  historyEvents,
  ipRights,
  powersOfAttorney,
  users,
} from '../db/schema/index.ts';
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
import { type ComplaintRow, type ShownCorrectionRequest, statementOf } from './complaints-view.ts';

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
  return checklistOf(complaint, await caseFacts(db, complaint), now, options);
}

/** The completeness check on facts already read (`caseFacts`). */
export function checklistOf(
  complaint: ComplaintRow,
  facts: CaseFacts,
  now: Date,
  options: CompletenessOptions = {},
): ChecklistEntry[] {
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

/** What the case view shows beside the checklist (`caseFacts` with `view: true`). */
export interface CaseViewFacts {
  /** the open correction request on the complaint itself (not on a counter-notice). */
  correctionRequest: ShownCorrectionRequest | null;
  /** the latest decision event: accepted, rejected, withdrawn or correction expired. */
  decision: { action: string; at: Date; actorId: string | null; data: unknown } | null;
}

export type CaseFacts = ReturnType<typeof toFacts>;

/** History actions that decide a complaint, shown as its decision. */
const decisionActions = ['complaint.accept', 'complaint.reject', 'complaint.withdraw', 'complaint.correction_expired'];

/** The facts as the statement returns them (JSON: dates as text). */
interface FactsJson {
  filerRole: string | null;
  /** [seq, listingUrl, listingExternalId, description, rightId, evidenceDocumentIds] per item, by seq. */
  items: [number, string | null, string | null, string | null, string | null, string[] | null][];
  /** id → kind of the cited documents that exist and are the filer's own uploads. */
  documents: Record<string, string>;
  /** id → facts of the cited rights registered by the filer. */
  rights: Record<string, RightFacts>;
  /** the cited power of attorney, when it exists and names the filer as agent. */
  powerOfAttorney: PowerOfAttorneyTerms | null;
  correctionRequest?:
    | (Omit<ShownCorrectionRequest, 'dueAt' | 'createdAt' | 'answeredAt'> & {
        dueAt: string;
        createdAt: string;
        answeredAt: string | null;
      })
    | null;
  decision?: { action: string; at: string; actorId: string | null; data: unknown } | null;
}

/** What the facts are about: SQL for the complaint's id, filer and citations (parameters or columns). */
interface FactsSubject {
  id: SQL;
  filerId: SQL;
  /** uuid[] of the identity and ownership documents. */
  directDocumentIds: SQL;
  rightIds: SQL;
  powerOfAttorneyId: SQL;
}

const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/** The facts of a complaint held in memory (it may have changed earlier in the transaction). */
const subjectOf = (c: ComplaintRow): FactsSubject => ({
  id: sql`${c.id}::uuid`,
  filerId: sql`${c.filerId}::uuid`,
  directDocumentIds: uuidArray([...c.identityDocumentIds, ...c.ownershipDocumentIds]),
  rightIds: uuidArray(c.rightIds),
  powerOfAttorneyId: sql`${c.powerOfAttorneyId}::uuid`,
});

/** The facts of the complaint row being selected. */
const subjectColumns: FactsSubject = {
  id: sql`${complaints.id}`,
  filerId: sql`${complaints.filerId}`,
  directDocumentIds: sql`(${complaints.identityDocumentIds} || ${complaints.ownershipDocumentIds})`,
  rightIds: sql`${complaints.rightIds}`,
  powerOfAttorneyId: sql`${complaints.powerOfAttorneyId}`,
};

/**
 * Everything the check reads as one JSON value, and with `view` what the case view shows beside it.
 * One expression, so that reading a case is one round trip instead of eight: the case view runs it on
 * every GET, and the round trips were most of its cost under load (bench/http.ts).
 */
function factsExpression(s: FactsSubject, view: boolean): SQL {
  const viewFields = view
    ? sql`,
      'correctionRequest', ( -- the same rule as openCorrectionRequest (src/services/corrections.ts)
        SELECT json_build_object('id', cr.id, 'status', cr.status, 'missing', cr.missing, 'message', cr.message,
                                 'dueAt', cr.due_at, 'requestedBy', cr.requested_by, 'createdAt', cr.created_at,
                                 'answeredAt', cr.answered_at)
          FROM ${correctionRequests} cr
         WHERE cr.complaint_id = ${s.id} AND cr.counter_notice_id IS NULL AND cr.status = 'open'
         ORDER BY cr.created_at DESC LIMIT 1),
      'decision', (
        SELECT json_build_object('action', h.action, 'at', h.at, 'actorId', h.actor_id, 'data', h.data)
          FROM ${historyEvents} h
         WHERE h.complaint_id = ${s.id} AND h.item_id IS NULL
           AND h.action IN (${sql.join(
             decisionActions.map((a) => sql`${a}`),
             sql`, `,
           )})
         ORDER BY h.id DESC LIMIT 1)`
    : sql``;
  return sql`json_build_object(
    'filerRole', (SELECT u.role FROM ${users} u WHERE u.id = ${s.filerId}),
    'items', coalesce((
      SELECT json_agg(json_build_array(i.seq, i.listing_url, i.listing_external_id, i.description, i.right_id,
                                       i.evidence_document_ids) ORDER BY i.seq)
        FROM ${complaintItems} i WHERE i.complaint_id = ${s.id}), '[]'),
    'documents', coalesce((
      SELECT json_object_agg(d.id, d.kind)
        FROM ${documents} d
       WHERE d.owner_id = ${s.filerId}
         AND d.id IN (SELECT unnest(${s.directDocumentIds})
                      UNION
                      SELECT unnest(e.evidence_document_ids) FROM ${complaintItems} e WHERE e.complaint_id = ${s.id})),
      '{}'),
    'rights', coalesce((
      SELECT json_object_agg(r.id, json_build_object('verification', r.verification, 'validTo', r.valid_to))
        FROM ${ipRights} r
       WHERE r.holder_id = ${s.filerId} AND r.id = ANY(${s.rightIds})), '{}'),
    'powerOfAttorney', (
      SELECT json_build_object('rightIds', p.right_ids, 'validFrom', p.valid_from, 'validTo', p.valid_to,
                               'verification', p.verification)
        FROM ${powersOfAttorney} p
       WHERE p.id = ${s.powerOfAttorneyId} AND p.agent_id = ${s.filerId})
    ${viewFields})`;
}

/** The facts about a complaint held in memory; with `view`, also what the case view shows. */
export async function caseFacts(db: Queryable, complaint: ComplaintRow, options: { view?: boolean } = {}) {
  const res = await db.execute(sql`SELECT ${factsExpression(subjectOf(complaint), options.view ?? false)} AS facts`);
  return toFacts((res as unknown as { rows: { facts: FactsJson }[] }).rows[0]!.facts);
}

/** A complaint and its case-view facts in one statement (GET /complaints/:id); undefined when there is none. */
export async function loadCaseView(db: Queryable, id: string) {
  const [row] = await prepared(db, 'case_view', (q, name) =>
    q
      .select({ complaint: complaints, facts: sql<FactsJson>`${factsExpression(subjectColumns, true)}` })
      .from(complaints)
      .where(eq(complaints.id, sql.placeholder('id')))
      .prepare(name),
  ).execute({ id });
  return row && { complaint: row.complaint, facts: toFacts(row.facts) };
}

function toFacts(f: FactsJson) {
  const items: CompletenessItem[] = f.items.map(([seq, listingUrl, listingExternalId, description, rightId, ev]) => ({
    position: seq - 1,
    listingUrl,
    listingExternalId,
    description,
    rightId,
    evidenceDocumentIds: ev ?? [],
  }));
  const cr = f.correctionRequest;
  const d = f.decision;
  const view: CaseViewFacts = {
    correctionRequest: cr
      ? {
          ...cr,
          dueAt: new Date(cr.dueAt),
          createdAt: new Date(cr.createdAt),
          answeredAt: cr.answeredAt === null ? null : new Date(cr.answeredAt),
        }
      : null,
    decision: d ? { ...d, at: new Date(d.at) } : null,
  };
  return {
    filerRole: f.filerRole,
    items,
    documents: f.documents,
    rights: f.rights,
    powerOfAttorney: f.powerOfAttorney,
    view,
  };
}
