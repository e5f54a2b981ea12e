import { z } from 'zod';
import { checklistCodes } from '../../domain/completeness.ts';
import { jurisdictionCodes } from '../../domain/jurisdictions.ts';
import { infringementTypes, measureKinds } from '../../domain/measures.ts';
import { complaintStates } from '../../domain/workflow/complaint-workflow.ts';
import { email, phone, text, timestamp } from './common.ts';

/** SPEC §2: a complaint has 1 … 10,000 items. */
export const MAX_ITEMS = 10_000;

export const complainantKinds = ['individual', 'enterprise'] as const;

const listingUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an http or https URL');

/** seed 000 §二(一)2(3): one infringing listing with its own evidence. */
export const itemInput = z
  .object({
    listingUrl: listingUrl.optional(),
    listingExternalId: text(200).optional(),
    sellerExternalId: text(200).optional(),
    sellerName: text(300).optional(),
    title: text(500).optional(),
    description: text(5000),
    infringementType: z.enum(infringementTypes),
    rightId: z.uuid().optional().describe('one of the rights the complaint cites'),
    evidenceDocumentIds: z
      .array(z.uuid())
      .max(50)
      .default([])
      .describe('own documents: screenshots, photos, test purchases — each item its own (seed 000 §二(一)2(3))'),
  })
  .superRefine((item, ctx) => {
    if (!item.listingUrl && !item.listingExternalId) {
      ctx.addIssue({ code: 'custom', path: ['listingUrl'], message: 'give the listing URL or listingExternalId' });
    }
  });
export type ItemInput = z.infer<typeof itemInput>;

/** seed 000 §二(一)2(4): the statement of authenticity; the server records when it was signed. */
export const statementInput = z.object({
  signerName: text(200),
  accepted: z.literal(true).describe('the signer declares all materials true, lawful and valid'),
  textVersion: text(50).describe('the version of the statement text shown to the signer'),
});

const complaintFields = {
  complainantKind: z.enum(complainantKinds).describe('seed 000 §二(一)2(1)'),
  complainantName: text(300),
  contactEmail: email,
  contactPhone: phone.describe('private: never forwarded to the respondent (seed 000 §二(二)3)'),
  identityDocumentIds: z
    .array(z.uuid())
    .max(10)
    .describe('individual: ID card/passport copy (id_document); enterprise: business licence with seal'),
  rightIds: z.array(z.uuid()).max(100).describe('IP rights you registered (POST /ip-rights)'),
  ownershipDocumentIds: z.array(z.uuid()).max(50).describe('further proof of ownership, e.g. evidence of originality'),
  powerOfAttorneyId: z.uuid().describe('agents: the power of attorney covering every cited right'),
  statement: statementInput,
  jurisdiction: z.enum(jurisdictionCodes),
};

export const createComplaintBody = z.object({
  complainantKind: complaintFields.complainantKind,
  complainantName: complaintFields.complainantName,
  contactEmail: complaintFields.contactEmail,
  contactPhone: complaintFields.contactPhone.optional(),
  identityDocumentIds: complaintFields.identityDocumentIds.default([]),
  rightIds: complaintFields.rightIds.default([]),
  ownershipDocumentIds: complaintFields.ownershipDocumentIds.default([]),
  powerOfAttorneyId: complaintFields.powerOfAttorneyId.optional(),
  statement: complaintFields.statement.optional(),
  jurisdiction: complaintFields.jurisdiction.default('CN'),
  items: z.array(itemInput).max(MAX_ITEMS).default([]),
  submit: z.boolean().default(false).describe('submit at once instead of keeping a draft'),
});
export type CreateComplaint = z.infer<typeof createComplaintBody>;

/** Fields left out stay as they are; `null` clears an optional one. */
export const updateComplaintBody = z
  .object({
    complainantKind: complaintFields.complainantKind.optional(),
    complainantName: complaintFields.complainantName.optional(),
    contactEmail: complaintFields.contactEmail.optional(),
    contactPhone: complaintFields.contactPhone.nullable().optional(),
    identityDocumentIds: complaintFields.identityDocumentIds.optional(),
    rightIds: complaintFields.rightIds.optional(),
    ownershipDocumentIds: complaintFields.ownershipDocumentIds.optional(),
    powerOfAttorneyId: complaintFields.powerOfAttorneyId.nullable().optional(),
    statement: complaintFields.statement.optional(),
    jurisdiction: complaintFields.jurisdiction.optional().describe('only while the complaint is a draft'),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'change at least one field' });
export type UpdateComplaint = z.infer<typeof updateComplaintBody>;

export const updateItemBody = z
  .object({
    listingUrl: listingUrl.nullable().optional(),
    listingExternalId: text(200).nullable().optional(),
    sellerExternalId: text(200).nullable().optional(),
    sellerName: text(300).nullable().optional(),
    title: text(500).nullable().optional(),
    description: text(5000).optional(),
    infringementType: z.enum(infringementTypes).optional(),
    rightId: z.uuid().nullable().optional(),
    evidenceDocumentIds: z.array(z.uuid()).max(50).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'change at least one field' });
export type UpdateItem = z.infer<typeof updateItemBody>;

export const addItemsBody = z.object({ items: z.array(itemInput).min(1).max(MAX_ITEMS) });

export const missingEntry = z.object({
  code: text(64),
  field: text(200).optional(),
  message: text(1000),
});

export const correctionRequestBody = z.object({
  missing: z
    .array(missingEntry)
    .min(1)
    .max(200)
    .optional()
    .describe('what is missing; defaults to the completeness checklist (seed 000 §二(二)1)'),
  message: text(4000).optional(),
  dueAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('defaults to 5 working days in the complaint’s jurisdiction (seed 000 §二(二)6)'),
});

export const itemDecision = z.object({
  itemId: z.uuid(),
  decision: z.enum(['take_down', 'reject']),
  measures: z.array(z.enum(measureKinds)).min(1).max(measureKinds.length).optional(),
});
export type ItemDecision = z.infer<typeof itemDecision>;

/**
 * A body that may be left out (Fastify passes `null` for an empty one). Only for shapes whose
 * fields are all optional, so `{}` is a valid value of the object.
 */
function optionalBody<T extends z.ZodRawShape>(shape: T) {
  const body = z.object(shape);
  return body.nullish().transform((b) => (b ?? {}) as z.output<typeof body>);
}

export const acceptBody = optionalBody({
  note: text(4000).optional(),
  items: z
    .array(itemDecision)
    .max(MAX_ITEMS)
    .optional()
    .describe('per-item decisions; items not named follow the defaults (seed 000 §二(二)2)'),
});

export const rejectionReasons = [
  'no_ip_right_shown',
  'not_actionable',
  'manifestly_unfounded',
  'duplicate',
  'other',
] as const;

export const rejectBody = z.object({ reasonCode: z.enum(rejectionReasons), reason: text(4000) });
export const withdrawBody = optionalBody({ reason: text(4000).optional() });
export const resubmitBody = optionalBody({ note: text(4000).optional() });

export const listComplaintsQuery = z.object({
  status: z.enum(complaintStates).optional(),
  jurisdiction: z.enum(jurisdictionCodes).optional(),
  q: z.string().trim().min(1).max(200).optional().describe('case number or complainant name'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListComplaintsQuery = z.infer<typeof listComplaintsQuery>;

export const pageQuery = (max: number, dflt: number) =>
  z.object({
    limit: z.coerce.number().int().min(1).max(max).default(dflt),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  });

/* ---- responses ---- */

export const checklistEntrySchema = z.object({ code: z.enum(checklistCodes), field: z.string(), message: z.string() });

export const correctionRequestSchema = z.object({
  id: z.uuid(),
  status: z.string().describe('open, answered, expired or cancelled'),
  missing: z.array(z.object({ code: z.string(), field: z.string().optional(), message: z.string() })),
  message: z.string().nullable(),
  dueAt: timestamp,
  requestedBy: z.uuid(),
  createdAt: timestamp,
  answeredAt: timestamp.nullable(),
});

export const complaintSummarySchema = z.object({
  id: z.uuid(),
  caseNumber: z.string().describe('quote it on the phone and in e-mail, e.g. IPC-2026-000123'),
  status: z.enum(complaintStates),
  jurisdiction: z.string(),
  filerId: z.uuid(),
  complainantKind: z.enum(complainantKinds),
  complainantName: z.string(),
  contactEmail: z.string(),
  itemCount: z.number().int(),
  submittedAt: timestamp.nullable(),
  decidedAt: timestamp.nullable(),
  dueAt: timestamp.nullable().describe('the next deadline or review target of the complaint'),
  createdAt: timestamp,
  updatedAt: timestamp,
  version: z.number().int(),
});

export const complaintSchema = complaintSummarySchema.extend({
  contactPhone: z.string().nullable(),
  identityDocumentIds: z.array(z.uuid()),
  rightIds: z.array(z.uuid()),
  ownershipDocumentIds: z.array(z.uuid()),
  powerOfAttorneyId: z.uuid().nullable(),
  statement: z.object({ signerName: z.string(), textVersion: z.string(), signedAt: z.string() }).nullable(),
  decidedBy: z.uuid().nullable(),
  decisionReason: z.string().nullable(),
});

export const complaintDetailSchema = complaintSchema.extend({
  checklist: z.array(checklistEntrySchema).describe('what is missing (seed 000 §二(二)1); empty when complete'),
  openCorrectionRequest: correctionRequestSchema.nullable(),
  decision: z
    .object({ action: z.string(), at: timestamp, by: z.uuid().nullable(), reasonCode: z.string().nullable() })
    .nullable(),
  allowedEvents: z.array(z.string()).describe('what the caller may do next, by the workflow table'),
});

export const itemSchema = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  listingUrl: z.string().nullable(),
  listingExternalId: z.string().nullable(),
  sellerExternalId: z.string().nullable(),
  sellerId: z.uuid().nullable().describe('set when the marketplace has synced the seller'),
  sellerName: z.string().nullable(),
  title: z.string().nullable(),
  description: z.string(),
  infringementType: z.enum(infringementTypes),
  rightId: z.uuid().nullable(),
  evidenceDocumentIds: z.array(z.uuid()),
  status: z.string(),
  dueAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const historyEventSchema = z.object({
  id: z.number().int(),
  itemId: z.uuid().nullable(),
  counterNoticeId: z.uuid().nullable(),
  actor: z.object({ id: z.uuid().nullable(), role: z.string(), name: z.string().nullable() }),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  reason: z.string().nullable(),
  documentIds: z.array(z.uuid()),
  data: z.unknown(),
  at: timestamp,
});

export const complaintPage = z.object({
  data: z.array(complaintSummarySchema),
  total: z.number().int(),
  nextOffset: z.number().int().nullable().describe('pass as `offset` for the next page; null on the last'),
});
export const itemPage = z.object({
  data: z.array(itemSchema),
  total: z.number().int(),
  nextOffset: z.number().int().nullable(),
});
export const historyPage = z.object({ data: z.array(historyEventSchema), nextOffset: z.number().int().nullable() });
export const checklistResponse = z.object({ complete: z.boolean(), checklist: z.array(checklistEntrySchema) });
export const itemsAdded = z.object({
  added: z.number().int(),
  itemCount: z.number().int(),
  firstSeq: z.number().int(),
});
export const correctionCreated = z.object({
  complaint: complaintDetailSchema,
  correctionRequest: correctionRequestSchema,
  warning: z.string().optional().describe('set when the deadline falls in a year without an official calendar'),
});
