import { z } from 'zod';
import type { complaintItems, complaints, correctionRequests, historyEvents } from '../db/schema/index.ts';
import type { ChecklistEntry, ComplainantKind } from '../domain/completeness.ts';
import type { InfringementType } from '../domain/measures.ts';
import type { ComplaintState } from '../domain/workflow/complaint-workflow.ts';

/** Database rows of a complaint and the API shapes they are shown as: mapped here and nowhere else. */
export type ComplaintRow = typeof complaints.$inferSelect;
export type ItemRow = typeof complaintItems.$inferSelect;
export type CorrectionRequestRow = typeof correctionRequests.$inferSelect;
export type HistoryRow = typeof historyEvents.$inferSelect;

/** seed 000 §二(一)2(4): what is stored of the statement of authenticity. */
export interface StoredStatement {
  signerName: string;
  textVersion: string;
  signedAt: string;
}

const storedStatement = z.object({ signerName: z.string(), textVersion: z.string(), signedAt: z.string() });

export function statementOf(row: ComplaintRow): StoredStatement | null {
  const parsed = storedStatement.safeParse(row.statement);
  return parsed.success ? parsed.data : null;
}

export interface MissingEntry {
  code: string;
  field?: string | undefined;
  message: string;
}

const missingList = z.array(z.object({ code: z.string(), field: z.string().optional(), message: z.string() }));

export function toComplaintSummary(row: ComplaintRow) {
  return {
    id: row.id,
    caseNumber: row.caseNumber,
    status: row.status as ComplaintState,
    jurisdiction: row.jurisdiction,
    filerId: row.filerId,
    complainantKind: row.complainantKind as ComplainantKind,
    complainantName: row.complainantName,
    contactEmail: row.contactEmail,
    itemCount: row.itemCount,
    submittedAt: row.submittedAt,
    decidedAt: row.decidedAt,
    dueAt: row.dueAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export function toComplaintView(row: ComplaintRow) {
  return {
    ...toComplaintSummary(row),
    contactPhone: row.contactPhone,
    identityDocumentIds: row.identityDocumentIds,
    rightIds: row.rightIds,
    ownershipDocumentIds: row.ownershipDocumentIds,
    powerOfAttorneyId: row.powerOfAttorneyId,
    statement: statementOf(row),
    decidedBy: row.decidedBy,
    decisionReason: row.decisionReason,
  };
}
export type ComplaintView = ReturnType<typeof toComplaintView>;

/** What of a correction request is shown. */
export type ShownCorrectionRequest = Pick<
  CorrectionRequestRow,
  'id' | 'status' | 'missing' | 'message' | 'dueAt' | 'requestedBy' | 'createdAt' | 'answeredAt'
>;

export function toCorrectionRequestView(row: ShownCorrectionRequest) {
  const missing = missingList.safeParse(row.missing);
  return {
    id: row.id,
    status: row.status,
    missing: missing.success ? missing.data : [],
    message: row.message,
    dueAt: row.dueAt,
    requestedBy: row.requestedBy,
    createdAt: row.createdAt,
    answeredAt: row.answeredAt,
  };
}

export function toItemView(row: ItemRow) {
  return {
    id: row.id,
    seq: row.seq,
    listingUrl: row.listingUrl,
    listingExternalId: row.listingExternalId,
    sellerExternalId: row.sellerExternalId,
    sellerId: row.sellerId,
    sellerName: row.sellerName,
    title: row.title,
    description: row.description,
    infringementType: row.infringementType as InfringementType,
    rightId: row.rightId,
    evidenceDocumentIds: row.evidenceDocumentIds,
    status: row.status,
    dueAt: row.dueAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toHistoryView(row: HistoryRow, actorName: string | null) {
  return {
    id: row.id,
    itemId: row.itemId,
    counterNoticeId: row.counterNoticeId,
    actor: { id: row.actorId, role: row.actorRole, name: actorName },
    action: row.action,
    fromState: row.fromState,
    toState: row.toState,
    reason: row.reason,
    documentIds: row.documentIds,
    data: row.data,
    at: row.at,
  };
}

/** Checklist entries as field errors, for a 409 that names what is missing. */
export function checklistErrors(checklist: readonly ChecklistEntry[]) {
  return checklist.map((c) => ({ field: c.field, message: c.message }));
}
