import { and, asc, count, eq, ilike, inArray, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { complaints, historyEvents, powersOfAttorney, users } from '../db/schema/index.ts';
import { type Actor, filerRoles } from '../domain/roles.ts';
import { type ComplaintState, complaintWorkflow } from '../domain/workflow/complaint-workflow.ts';
import { conflict, type FieldError, notFound, Problem } from '../server/problem.ts';
import type { CreateComplaint, ListComplaintsQuery, UpdateComplaint } from '../server/schemas/complaints.ts';
import type { DocumentKind } from '../server/schemas/documents.ts';
import { nextCaseNumber } from './case-numbers.ts';
import { appendItems, editableStates, itemReferenceErrors, MAX_ERRORS, throwIfErrors } from './complaint-items.ts';
import { type CaseFacts, caseFacts, checklistOf, loadCaseView } from './complaints-checklist.ts';
import { submitComplaint } from './complaints-lifecycle.ts';
import { causeOf } from './complaints-transition.ts';
import {
  type ComplaintRow,
  type StoredStatement,
  toComplaintSummary,
  toComplaintView,
  toCorrectionRequestView,
  toHistoryView,
} from './complaints-view.ts';
import { assertOwnDocuments } from './document-access.ts';
import { recordHistory } from './history.ts';
import { assertOwnRights } from './rights.ts';

/** seed 000 §二(一)2(1): identity papers of an individual or an enterprise. */
const identityKinds: readonly DocumentKind[] = ['id_document', 'business_licence'];
/** seed 000 §二(一)2(2)a: certificates or any evidence of originality. */
const ownershipKinds: readonly DocumentKind[] = ['registration_certificate', 'evidence', 'other'];

export async function loadComplaint(db: Queryable, id: string): Promise<ComplaintRow> {
  const [row] = await db.select().from(complaints).where(eq(complaints.id, id));
  if (!row) throw notFound('Complaint');
  return row;
}

/** A complaint the actor may see: filers only their own, the IP team all. Others read "not found". */
export async function loadComplaintFor(db: Queryable, actor: Actor, id: string): Promise<ComplaintRow> {
  return readable(actor, await loadComplaint(db, id));
}

function readable(actor: Actor, row: ComplaintRow): ComplaintRow {
  const staff = actor.role === 'reviewer' || actor.role === 'admin';
  if (!staff && row.filerId !== actor.userId) throw notFound('Complaint');
  return row;
}

interface CitedFields {
  identityDocumentIds?: string[] | undefined;
  ownershipDocumentIds?: string[] | undefined;
  rightIds?: string[] | undefined;
  powerOfAttorneyId?: string | null | undefined;
}

/** Runs a check that throws a 400 problem and keeps its field errors instead. */
async function collect(errors: FieldError[], check: () => Promise<unknown>): Promise<void> {
  try {
    await check();
  } catch (err) {
    if (!(err instanceof Problem) || err.status !== 400) throw err;
    errors.push(...err.errors);
  }
}

/** Everything a complaint cites must be the filer's own; kinds are judged by the checklist. */
async function citedErrors(db: Queryable, actor: Actor, f: CitedFields): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (f.identityDocumentIds) {
    const ids = f.identityDocumentIds;
    await collect(errors, () => assertOwnDocuments(db, actor, ids, 'identityDocumentIds', identityKinds));
  }
  if (f.ownershipDocumentIds) {
    const ids = f.ownershipDocumentIds;
    await collect(errors, () => assertOwnDocuments(db, actor, ids, 'ownershipDocumentIds', ownershipKinds));
  }
  if (f.rightIds) {
    const ids = f.rightIds;
    await collect(errors, () => assertOwnRights(db, actor, ids, 'rightIds'));
  }
  if (f.powerOfAttorneyId) {
    if (actor.role !== 'agent') {
      errors.push({ field: 'powerOfAttorneyId', message: 'only an agent acts under a power of attorney' });
    } else {
      const [poa] = await db
        .select({ id: powersOfAttorney.id })
        .from(powersOfAttorney)
        .where(and(eq(powersOfAttorney.id, f.powerOfAttorneyId), eq(powersOfAttorney.agentId, actor.userId)));
      if (!poa) errors.push({ field: 'powerOfAttorneyId', message: 'is not a power of attorney you registered' });
    }
  }
  return errors;
}

const signed = (s: { signerName: string; textVersion: string }, now: Date): StoredStatement => ({
  signerName: s.signerName,
  textVersion: s.textVersion,
  signedAt: now.toISOString(),
});

/**
 * Files a complaint as a draft (seed 000 §二(一)2), with its items if given, and submits it at once
 * when asked. Everything is validated first; any error → 400 listing the fields, nothing stored.
 */
export async function createComplaint(
  tx: Queryable,
  actor: Actor,
  input: CreateComplaint,
  now: Date,
): Promise<ComplaintRow> {
  const errors = await citedErrors(tx, actor, input);
  errors.push(...(await itemReferenceErrors(tx, actor, input.rightIds, input.items)));
  throwIfErrors(errors);
  const [created] = await tx
    .insert(complaints)
    .values({
      caseNumber: await nextCaseNumber(tx, 'IPC', now),
      filerId: actor.userId,
      jurisdiction: input.jurisdiction,
      complainantKind: input.complainantKind,
      complainantName: input.complainantName,
      contactEmail: input.contactEmail,
      contactPhone: input.contactPhone ?? null,
      identityDocumentIds: input.identityDocumentIds,
      rightIds: input.rightIds,
      ownershipDocumentIds: input.ownershipDocumentIds,
      powerOfAttorneyId: input.powerOfAttorneyId ?? null,
      statement: input.statement ? signed(input.statement, now) : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!created) throw new Error('insert returned no row');
  await recordHistory(tx, {
    complaintId: created.id,
    actor,
    action: 'complaint.created',
    toState: created.status,
    documentIds: [...input.identityDocumentIds, ...input.ownershipDocumentIds],
    data: { caseNumber: created.caseNumber },
    at: now,
  });
  let complaint = created;
  if (input.items.length) complaint = (await appendItems(tx, complaint, input.items, actor, now)).complaint;
  if (input.submit) complaint = await submitComplaint(tx, complaint, actor, now);
  return complaint;
}

/** Edits a draft or a complaint awaiting correction (seed 000 §二(二)1: make up for what is lacking). */
export async function updateComplaint(
  tx: Queryable,
  actor: Actor,
  complaint: ComplaintRow,
  patch: UpdateComplaint,
  now: Date,
): Promise<ComplaintRow> {
  if (!(editableStates as readonly string[]).includes(complaint.status)) {
    throw conflict(`A complaint in state '${complaint.status}' cannot be changed.`);
  }
  if (patch.jurisdiction && patch.jurisdiction !== complaint.jurisdiction && complaint.status !== 'draft') {
    throw conflict('The jurisdiction can be changed only while the complaint is a draft.', [
      { field: 'jurisdiction', message: 'is fixed once the complaint is submitted' },
    ]);
  }
  throwIfErrors(await citedErrors(tx, actor, patch));
  const { statement, ...plain } = patch;
  const set: Partial<typeof complaints.$inferInsert> = {};
  for (const [key, value] of Object.entries(plain)) if (value !== undefined) Object.assign(set, { [key]: value });
  if (statement) set.statement = signed(statement, now);
  const [row] = await tx
    .update(complaints)
    .set({ ...set, version: complaint.version + 1, updatedAt: now })
    .where(
      and(
        eq(complaints.id, complaint.id),
        eq(complaints.version, complaint.version),
        inArray(complaints.status, [...editableStates]),
      ),
    )
    .returning();
  if (!row) throw conflict('The complaint changed meanwhile; reload and try again.');
  await recordHistory(tx, {
    complaintId: complaint.id,
    actor,
    action: 'complaint.updated',
    documentIds: [...(patch.identityDocumentIds ?? []), ...(patch.ownershipDocumentIds ?? [])],
    data: { fields: Object.keys(patch).filter((k) => patch[k as keyof UpdateComplaint] !== undefined) },
    at: now,
  });
  return row;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

type QueueFilter = {
  filerId: string | undefined;
  status: string | undefined;
  jurisdiction: string | undefined;
  limit: number;
  offset: number;
};

const filterColumns = {
  filerId: complaints.filerId,
  status: complaints.status,
  jurisdiction: complaints.jurisdiction,
} as const;

/** The queue's filters that are set, each compared with what `value` gives for it (its value or a placeholder). */
function filterConditions(f: QueueFilter, value: (key: keyof typeof filterColumns) => string | SQLWrapper): SQL[] {
  return (Object.keys(filterColumns) as (keyof typeof filterColumns)[])
    .filter((key) => f[key] !== undefined)
    .map((key) => eq(filterColumns[key], value(key)));
}

/**
 * A page of the queue by due time without a text search, and the count of all that match, in one
 * prepared statement per combination of filters (bench/http.ts: one round trip, planned once per
 * connection). The count is an uncorrelated subquery, computed once; its "complaints" is its own FROM.
 */
function queuePage(db: Queryable, f: QueueFilter) {
  const variant = (Object.keys(filterColumns) as (keyof typeof filterColumns)[]).filter((k) => f[k] !== undefined);
  const statement = prepared(db, ['queue_page', ...variant].join('_'), (d, name) => {
    const where = and(...filterConditions(f, (key) => sql.placeholder(key)));
    return d
      .select({
        complaint: complaints,
        total: sql<number>`(SELECT count(*) FROM ${complaints} ${where ? sql`WHERE ${where}` : sql``})`.mapWith(Number),
      })
      .from(complaints)
      .where(where)
      .orderBy(sql`${complaints.dueAt} ASC NULLS LAST`, asc(complaints.createdAt), asc(complaints.id))
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare(name);
  });
  return statement.execute(f);
}

/** The queue (SPEC §6): by due time, then age; filers see only their own complaints. */
export async function listComplaints(db: Queryable, actor: Actor, q: ListComplaintsQuery) {
  const filter: QueueFilter = {
    filerId: filerRoles.includes(actor.role) ? actor.userId : undefined,
    status: q.status,
    jurisdiction: q.jurisdiction,
    limit: q.limit,
    offset: q.offset,
  };
  const conds: (SQL | undefined)[] = filterConditions(filter, (key) => filter[key] as string);
  if (q.q) {
    const p = likePattern(q.q);
    conds.push(or(ilike(complaints.caseNumber, p), ilike(complaints.complainantName, p)));
  }
  const where = and(...conds);
  const countAll = async () => (await db.select({ n: count() }).from(complaints).where(where))[0]?.n ?? 0;
  let rows: ComplaintRow[];
  let n: number;
  if (q.q) {
    // Text matches: the trigram indexes find them all, then one sort orders them and counts them
    // (count(*) OVER ()). The order is an expression no index provides: walking the due-time index
    // and filtering would read most of the table when the words are rare (bench/queue.ts).
    // coalesce(…, 'infinity') puts a missing due time last, as NULLS LAST does.
    const found = await db
      .select({ complaint: complaints, total: sql<number>`count(*) OVER ()`.mapWith(Number) })
      .from(complaints)
      .where(where)
      .orderBy(
        sql`coalesce(${complaints.dueAt}, 'infinity'::timestamptz)`,
        asc(complaints.createdAt),
        asc(complaints.id),
      )
      .limit(q.limit)
      .offset(q.offset);
    rows = found.map((r) => r.complaint);
    // Past the last page no row carries the total.
    n = found[0]?.total ?? (q.offset > 0 ? await countAll() : 0);
  } else {
    const page = await queuePage(db, filter);
    rows = page.map((r) => r.complaint);
    n = page[0]?.total ?? (q.offset > 0 ? await countAll() : 0);
  }
  return {
    data: rows.map(toComplaintSummary),
    total: n,
    nextOffset: q.offset + rows.length < n ? q.offset + rows.length : null,
  };
}

/** The case view: the complaint, what is missing, the open correction request and the decision. */
export async function complaintDetail(db: Queryable, actor: Actor, complaint: ComplaintRow, now: Date) {
  return caseView(actor, complaint, await caseFacts(db, complaint, { view: true }), now);
}

/** GET /complaints/:id: the case view of a complaint the actor may see, read in one statement. */
export async function complaintDetailById(db: Queryable, actor: Actor, id: string, now: Date) {
  const found = await loadCaseView(db, id);
  if (!found) throw notFound('Complaint');
  return caseView(actor, readable(actor, found.complaint), found.facts, now);
}

function caseView(actor: Actor, complaint: ComplaintRow, facts: CaseFacts, now: Date) {
  const { correctionRequest: request, decision } = facts.view;
  const data = decision?.data as { reasonCode?: unknown } | null | undefined;
  return {
    ...toComplaintView(complaint),
    checklist: checklistOf(complaint, facts, now, { maxItemEntries: MAX_ERRORS }),
    openCorrectionRequest: request ? toCorrectionRequestView(request) : null,
    decision: decision
      ? {
          action: decision.action.replace(/^complaint\./, ''),
          at: decision.at,
          by: decision.actorId,
          reasonCode: typeof data?.reasonCode === 'string' ? data.reasonCode : null,
        }
      : null,
    allowedEvents: complaintWorkflow.allowedEvents(complaint.status as ComplaintState, causeOf(actor)),
  };
}

/** SPEC §2: every event of the case, in order, with who did it. */
export async function complaintHistory(db: Queryable, complaintId: string, limit: number, offset: number) {
  const rows = await db
    .select({ event: historyEvents, actorName: users.name })
    .from(historyEvents)
    .leftJoin(users, eq(users.id, historyEvents.actorId))
    .where(eq(historyEvents.complaintId, complaintId))
    .orderBy(asc(historyEvents.id))
    .limit(limit + 1)
    .offset(offset);
  const page = rows.slice(0, limit);
  return {
    data: page.map((r) => toHistoryView(r.event, r.actorName)),
    nextOffset: rows.length > limit ? offset + limit : null,
  };
}
