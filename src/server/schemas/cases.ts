import { z } from 'zod';
import { measureKinds } from '../../domain/measures.ts';
import { email, isoDate, phone, text } from './common.ts';

const forwardedDocument = z.object({
  id: z.uuid(),
  kind: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
});

/** The respondent's redacted view (seed 000 §二(二)3): no phone, no identity documents, no do-not-forward material. */
export const respondentComplaintView = z.object({
  id: z.uuid(),
  caseNumber: z.string(),
  jurisdiction: z.string(),
  complainantName: z.string(),
  contactEmail: z.string(),
  acceptedAt: z.date().nullable(),
  rights: z.array(
    z.object({
      id: z.uuid(),
      type: z.string(),
      registrationNumber: z.string().nullable(),
      jurisdiction: z.string(),
      ownerName: z.string(),
      validFrom: z.string().nullable(),
      validTo: z.string().nullable(),
      classes: z.array(z.string()),
      subject: z.string().nullable(),
      documents: z.array(forwardedDocument),
    }),
  ),
  ownershipDocuments: z.array(forwardedDocument),
  items: z.array(
    z.object({
      id: z.uuid(),
      seq: z.number(),
      listingUrl: z.string().nullable(),
      listingExternalId: z.string().nullable(),
      title: z.string().nullable(),
      description: z.string(),
      infringementType: z.string(),
      rightId: z.string().nullable(),
      status: z.string(),
      forwardedAt: z.date().nullable(),
      counterNoticeDueAt: z.date().nullable(),
      evidence: z.array(forwardedDocument),
    }),
  ),
  counterNotices: z.array(
    z.object({
      id: z.uuid(),
      caseNumber: z.string(),
      status: z.string(),
      itemIds: z.array(z.uuid()),
      submittedAt: z.date(),
    }),
  ),
});

export const respondentComplaintSummary = z.object({
  id: z.uuid(),
  caseNumber: z.string(),
  complainantName: z.string(),
  items: z.number(),
  openItems: z.number(),
  nextDueAt: z.coerce.date().nullable(),
  forwardedAt: z.coerce.date(),
});

/** seed 000 §二(二)4; seed 001 "Counter Notification": contact details, items disputed, statement, evidence. */
export const createCounterNoticeBody = z.object({
  complaintId: z.uuid(),
  itemIds: z.array(z.uuid()).min(1).max(10_000),
  contactName: text(200),
  contactEmail: email,
  contactPhone: phone.optional(),
  statement: text(20_000),
  evidenceDocumentIds: z.array(z.uuid()).min(1, 'prima facie evidence is required (seed 000 §二(二)4)').max(50),
});

export const supplementCounterNoticeBody = z.object({
  contactName: text(200).optional(),
  contactEmail: email.optional(),
  contactPhone: phone.optional(),
  statement: text(20_000).optional(),
  evidenceDocumentIds: z.array(z.uuid()).min(1).max(50).optional(),
});

/** What reviewers, the respondent and (without phone) the complainant see of a counter-notice. */
export const counterNoticeSchema = z.object({
  id: z.uuid(),
  caseNumber: z.string(),
  complaintId: z.uuid(),
  sellerId: z.uuid(),
  status: z.string(),
  contactName: z.string(),
  contactEmail: z.string(),
  contactPhone: z.string().nullable().optional(),
  itemIds: z.array(z.uuid()),
  statement: z.string(),
  evidenceDocumentIds: z.array(z.uuid()),
  submittedAt: z.date(),
  forwardedAt: z.date().nullable(),
  decisionReason: z.string().nullable(),
});

export const missingList = z
  .array(z.object({ code: text(100), field: text(200).optional(), message: text(2000) }))
  .min(1)
  .max(50);

export const counterCorrectionBody = z.object({ missing: missingList, message: text(5000).optional() });
export const reasonBody = z.object({ reason: text(5000) });

export const legalActionBody = z.object({
  kind: z.enum(['lawsuit', 'complaint_to_authority']),
  authority: text(500).describe('the court or administrative authority'),
  caseNumber: text(200),
  documentId: z.uuid().describe('the filing document (a legal_action document you uploaded)'),
  filedOn: isoDate.optional(),
});

export const litigationOutcomeBody = z.object({ outcome: z.enum(['upheld', 'dismissed']), reason: text(5000) });

export const forwardItemBody = z.object({
  sellerExternalId: text(200).optional().describe('names the seller when the complainant did not'),
  sellerName: text(200).optional(),
});

export const measureSchema = z.object({
  id: z.uuid(),
  complaintId: z.uuid(),
  itemId: z.uuid(),
  kind: z.enum(measureKinds),
  state: z.string(),
  error: z.string().nullable(),
  createdAt: z.date(),
  appliedAt: z.date().nullable(),
  revertedAt: z.date().nullable(),
});

export const measureOutcomeBody = z.object({ outcome: z.enum(['applied', 'failed']), error: text(2000).optional() });

export const noticeSchema = z.object({
  id: z.uuid(),
  complaintId: z.uuid().nullable(),
  kind: z.string(),
  subject: z.string(),
  body: z.string(),
  createdAt: z.date(),
  readAt: z.date().nullable(),
});

export const strikeSchema = z.object({
  id: z.uuid(),
  complaintId: z.uuid(),
  itemId: z.uuid(),
  weight: z.number(),
  reason: z.string(),
  createdAt: z.date(),
  expiresAt: z.date(),
});

export const clockSchema = z.object({ now: z.date(), offsetMs: z.number() });
export const advanceClockBody = z
  .object({
    seconds: z
      .number()
      .int()
      .min(0)
      .max(10 * 366 * 86_400)
      .optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((b) => (b.seconds === undefined) !== (b.to === undefined), {
    message: 'give exactly one of seconds or to',
    path: ['seconds'],
  });
