import { z } from 'zod';
import { type ipRights, type powersOfAttorney, rightTypeEnum, verificationEnum } from '../../db/schema/index.ts';
import { isoDate, text } from './common.ts';

export type IpRightRow = typeof ipRights.$inferSelect;
export type PowerOfAttorneyRow = typeof powersOfAttorney.$inferSelect;
export const rightTypes = rightTypeEnum.enumValues;
export const verificationStates = verificationEnum.enumValues;

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
/** Offices that register rights for more than one country (e.g. Madrid and PCT filings at WIPO). */
const internationalOffices = ['WIPO', 'EUIPO', 'EPO', 'OAPI', 'ARIPO', 'EAPO', 'BOIP'];

export const jurisdiction = z
  .string()
  .trim()
  .toUpperCase()
  .refine(
    (j) => (/^[A-Z]{2}$/.test(j) && regionNames.of(j) !== undefined) || internationalOffices.includes(j),
    `must be an ISO 3166 country code such as CN or US, EU, or one of ${internationalOffices.join(', ')}`,
  );

const niceClass = /^(?:0?[1-9]|[1-3][0-9]|4[0-5])$/;

/** Issues that depend on several fields, reported with the field they are about. */
const dateOrder = (
  b: { validFrom?: string | undefined; validTo?: string | null | undefined },
  ctx: z.RefinementCtx,
) => {
  if (b.validFrom && b.validTo && b.validTo < b.validFrom) {
    ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'must not precede validFrom' });
  }
};

export const createIpRightBody = z
  .object({
    type: z.enum(rightTypes),
    registrationNumber: text(100).optional(),
    jurisdiction,
    ownerName: text(300).describe('the owner as named on the certificate'),
    validFrom: isoDate.optional(),
    validTo: isoDate.optional(),
    classes: z.array(text(50)).max(45).optional().describe('Nice classes (1–45) for a trademark'),
    subject: text(2000).optional().describe('the work or invention protected'),
    documentIds: z
      .array(z.uuid())
      .min(1)
      .max(20)
      .describe('own documents of kind registration_certificate, evidence or other'),
  })
  .superRefine((b, ctx) => {
    // seed 000 §二(一)2(2)a: a registered right shows its registration; a copyright may instead
    // rest on evidence of originality, which then says what work it is about.
    if (b.type !== 'copyright' && !b.registrationNumber) {
      ctx.addIssue({ code: 'custom', path: ['registrationNumber'], message: `is required for a ${b.type}` });
    }
    if (b.type === 'copyright' && !b.registrationNumber && !b.subject) {
      ctx.addIssue({
        code: 'custom',
        path: ['subject'],
        message: 'is required for an unregistered copyright: name the work',
      });
    }
    if (b.type === 'trademark') {
      (b.classes ?? []).forEach((c, i) => {
        if (!niceClass.test(c)) ctx.addIssue({ code: 'custom', path: ['classes', i], message: 'must be 1 to 45' });
      });
    }
    dateOrder(b, ctx);
  });
export type CreateIpRight = z.infer<typeof createIpRightBody>;

export const ipRightSchema = z.object({
  id: z.uuid(),
  holderId: z.uuid(),
  type: z.enum(rightTypes),
  registrationNumber: z.string().nullable(),
  jurisdiction: z.string(),
  ownerName: z.string(),
  validFrom: isoDate.nullable(),
  validTo: isoDate.nullable(),
  classes: z.array(z.string()),
  subject: z.string().nullable(),
  documentIds: z.array(z.uuid()),
  verification: z.enum(verificationStates),
  verificationNote: z.string().nullable(),
  verifiedBy: z.uuid().nullable(),
  verifiedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type ApiIpRight = z.infer<typeof ipRightSchema>;

export function toApiIpRight(row: IpRightRow): ApiIpRight {
  return {
    id: row.id,
    holderId: row.holderId,
    type: row.type,
    registrationNumber: row.registrationNumber,
    jurisdiction: row.jurisdiction,
    ownerName: row.ownerName,
    validFrom: row.validFrom,
    validTo: row.validTo,
    classes: row.classes,
    subject: row.subject,
    documentIds: row.documentIds,
    verification: row.verification,
    verificationNote: row.verificationNote,
    verifiedBy: row.verifiedBy,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export const createPowerOfAttorneyBody = z
  .object({
    principalName: text(300).describe('the IP owner who signed or stamped the power'),
    scope: text(2000).describe('what the agent may do, e.g. "file and handle infringement complaints"'),
    rightIds: z.array(z.uuid()).min(1).max(500).describe('IP rights the agent registered'),
    validFrom: isoDate,
    validTo: isoDate.optional(),
    documentId: z.uuid().describe('own document of kind power_of_attorney'),
  })
  .superRefine(dateOrder);
export type CreatePowerOfAttorney = z.infer<typeof createPowerOfAttorneyBody>;

export const powerOfAttorneySchema = z.object({
  id: z.uuid(),
  agentId: z.uuid(),
  principalName: z.string(),
  scope: z.string(),
  rightIds: z.array(z.uuid()),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  documentId: z.uuid(),
  verification: z.enum(verificationStates),
  verificationNote: z.string().nullable(),
  verifiedBy: z.uuid().nullable(),
  verifiedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type ApiPowerOfAttorney = z.infer<typeof powerOfAttorneySchema>;

export function toApiPowerOfAttorney(row: PowerOfAttorneyRow): ApiPowerOfAttorney {
  return {
    id: row.id,
    agentId: row.agentId,
    principalName: row.principalName,
    scope: row.scope,
    rightIds: row.rightIds,
    validFrom: row.validFrom,
    validTo: row.validTo,
    documentId: row.documentId,
    verification: row.verification,
    verificationNote: row.verificationNote,
    verifiedBy: row.verifiedBy,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export const verificationBody = z
  .object({
    decision: z.enum(['verified', 'rejected']),
    note: text(2000).optional(),
  })
  .refine((b) => b.decision !== 'rejected' || b.note, {
    path: ['note'],
    message: 'is required when rejecting: state the reason',
  });

const page = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};

export const listIpRightsQuery = z.object({
  verification: z.enum(verificationStates).optional(),
  type: z.enum(rightTypes).optional(),
  holderId: z.uuid().optional().describe('reviewers and admins only'),
  ...page,
});
export const listPowersOfAttorneyQuery = z.object({
  verification: z.enum(verificationStates).optional(),
  agentId: z.uuid().optional().describe('reviewers and admins only'),
  ...page,
});

const nextOffset = z.number().int().nullable().describe('pass as `offset` for the next page; null on the last');
export const ipRightPage = z.object({ data: z.array(ipRightSchema), nextOffset });
export const powerOfAttorneyPage = z.object({ data: z.array(powerOfAttorneySchema), nextOffset });
