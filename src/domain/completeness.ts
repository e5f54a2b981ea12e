import { type PowerOfAttorneyTerms, poaCovers } from './authorization-scope.ts';

/**
 * The completeness check of a complaint (seed 000 §二(二)1: the platform confirms the information is
 * complete and asks for what is lacking). Pure: the caller looks up the facts (which cited documents
 * exist and are the filer's, the cited rights, the power of attorney) and passes the date to judge on.
 */

export type ComplainantKind = 'individual' | 'enterprise';

export const checklistCodes = [
  'identity_document',
  'contact_email',
  'contact_phone',
  'document_unavailable',
  'ownership_proof',
  'right_unusable',
  'power_of_attorney',
  'power_of_attorney_scope',
  'items',
  'item_listing',
  'item_description',
  'item_evidence',
  'item_right',
  'statement',
  'more',
] as const;
export type ChecklistCode = (typeof checklistCodes)[number];

/** One thing that is missing, named by the field the complainant must fill in. */
export interface ChecklistEntry {
  code: ChecklistCode;
  field: string;
  message: string;
}

export interface CompletenessItem {
  /** 0-based position in the complaint (seq − 1), so fields read `items.<position>.…`. */
  position: number;
  listingUrl: string | null;
  listingExternalId: string | null;
  description: string | null;
  rightId: string | null;
  evidenceDocumentIds: readonly string[];
}

export interface CompletenessInput {
  /** an agent acts for the owner and needs a power of attorney (seed 000 §二(一)2(2)b). */
  filedByAgent: boolean;
  complainantKind: ComplainantKind;
  contactEmail: string | null;
  contactPhone: string | null;
  identityDocumentIds: readonly string[];
  rightIds: readonly string[];
  ownershipDocumentIds: readonly string[];
  powerOfAttorneyId: string | null;
  statement: { signerName: string; textVersion: string; signedAt: string } | null;
  items: readonly CompletenessItem[];
}

export interface RightFacts {
  verification: 'unverified' | 'verified' | 'rejected';
  /** ISO date, inclusive; null when the right does not lapse by date (or it is unknown). */
  validTo: string | null;
}

export interface CompletenessFacts {
  /** the cited documents that exist and were uploaded by the filer, with their kinds. */
  documents: ReadonlyMap<string, string>;
  /** the cited rights that exist and were registered by the filer. */
  rights: ReadonlyMap<string, RightFacts>;
  /** the cited power of attorney, when it exists and is the filer's. */
  powerOfAttorney: PowerOfAttorneyTerms | null;
  /** the submission date in the jurisdiction's calendar (ISO date). */
  onDate: string;
}

/** seed 000 §二(一)2(1): an individual shows an ID card or passport, an enterprise its business licence. */
export const identityDocumentKind: Record<ComplainantKind, string> = {
  individual: 'id_document',
  enterprise: 'business_licence',
};

const identityWording: Record<ComplainantKind, string> = {
  individual: 'a copy of the identity card or passport',
  enterprise: 'a copy of the business licence bearing the official seal',
};

export interface CompletenessOptions {
  /** at most this many entries about single items; the rest is summed up in one `more` entry. */
  maxItemEntries?: number;
}

/** What is missing from the complaint; an empty list means it is complete and may be accepted. */
export function checkCompleteness(
  input: CompletenessInput,
  facts: CompletenessFacts,
  options: CompletenessOptions = {},
): ChecklistEntry[] {
  return [
    ...identityAndContact(input, facts),
    ...ownership(input, facts),
    ...summarised(itemDetails(input, facts), options.maxItemEntries ?? 100),
    ...statementOf(input),
  ];
}

function unavailable(ids: readonly string[], field: string, facts: CompletenessFacts): ChecklistEntry[] {
  const out: ChecklistEntry[] = [];
  ids.forEach((id, i) => {
    if (!facts.documents.has(id)) {
      out.push({
        code: 'document_unavailable',
        field: `${field}.${i}`,
        message: 'the cited document does not exist or is not yours; upload it again',
      });
    }
  });
  return out;
}

/** seed 000 §二(一)2(1): identity document of the right kind, contact e-mail and telephone. */
function identityAndContact(input: CompletenessInput, facts: CompletenessFacts): ChecklistEntry[] {
  const out = unavailable(input.identityDocumentIds, 'identityDocumentIds', facts);
  const wanted = identityDocumentKind[input.complainantKind];
  const kinds = input.identityDocumentIds.map((id) => facts.documents.get(id)).filter((k) => k !== undefined);
  if (!kinds.includes(wanted)) {
    const others = kinds.length ? ` (the cited documents are of kind ${[...new Set(kinds)].join(', ')})` : '';
    out.push({
      code: 'identity_document',
      field: 'identityDocumentIds',
      message: `${identityWording[input.complainantKind]} is required (document kind ${wanted})${others}`,
    });
  }
  if (!input.contactEmail?.trim()) {
    out.push({
      code: 'contact_email',
      field: 'contactEmail',
      message: "the contact person's e-mail address is required",
    });
  }
  if (!input.contactPhone?.trim()) {
    out.push({ code: 'contact_phone', field: 'contactPhone', message: 'a contact telephone number is required' });
  }
  return out;
}

/** seed 000 §二(一)2(2): proof of ownership; an agent also a power of attorney stating its scope. */
function ownership(input: CompletenessInput, facts: CompletenessFacts): ChecklistEntry[] {
  const out: ChecklistEntry[] = [];
  const usableRights: string[] = [];
  input.rightIds.forEach((id, i) => {
    const right = facts.rights.get(id);
    const field = `rightIds.${i}`;
    if (!right) {
      out.push({ code: 'right_unusable', field, message: 'the cited IP right does not exist or is not yours' });
    } else if (right.verification === 'rejected') {
      out.push({ code: 'right_unusable', field, message: 'the cited IP right was rejected by the reviewer' });
    } else if (right.validTo !== null && right.validTo < facts.onDate) {
      out.push({ code: 'right_unusable', field, message: `the cited IP right expired on ${right.validTo}` });
    } else {
      usableRights.push(id);
    }
  });
  out.push(...unavailable(input.ownershipDocumentIds, 'ownershipDocumentIds', facts));
  const ownershipDocuments = input.ownershipDocumentIds.filter((id) => facts.documents.has(id));
  if (usableRights.length === 0 && ownershipDocuments.length === 0) {
    out.push({
      code: 'ownership_proof',
      field: 'rightIds',
      message:
        'proof of ownership is required: cite a registered IP right (trademark or copyright registration) or attach evidence of originality',
    });
  }
  if (input.filedByAgent) {
    if (!input.powerOfAttorneyId) {
      out.push({
        code: 'power_of_attorney',
        field: 'powerOfAttorneyId',
        message: "an agent must cite the owner's power of attorney stating the scope of the authorisation",
      });
    } else if (!facts.powerOfAttorney) {
      out.push({
        code: 'power_of_attorney',
        field: 'powerOfAttorneyId',
        message: 'the cited power of attorney does not exist or is not yours',
      });
    } else {
      const coverage = poaCovers(facts.powerOfAttorney, input.rightIds, facts.onDate);
      if (!coverage.ok) {
        out.push({ code: 'power_of_attorney_scope', field: 'powerOfAttorneyId', message: coverage.reason });
      }
    }
  }
  return out;
}

/** seed 000 §二(一)2(3): each infringement with its link, description and its own evidence. */
function itemDetails(input: CompletenessInput, facts: CompletenessFacts): ChecklistEntry[] {
  if (input.items.length === 0) {
    return [{ code: 'items', field: 'items', message: 'name at least one infringing listing' }];
  }
  const cited = new Set(input.rightIds);
  const out: ChecklistEntry[] = [];
  for (const item of input.items) {
    const at = `items.${item.position}`;
    const label = `item ${item.position + 1}`;
    if (!item.listingUrl?.trim() && !item.listingExternalId?.trim()) {
      out.push({ code: 'item_listing', field: `${at}.listingUrl`, message: `${label}: the listing's link or id` });
    }
    if (!item.description?.trim()) {
      out.push({ code: 'item_description', field: `${at}.description`, message: `${label}: a description` });
    }
    if (!item.evidenceDocumentIds.some((id) => facts.documents.has(id))) {
      out.push({
        code: 'item_evidence',
        field: `${at}.evidenceDocumentIds`,
        message: `${label}: its own evidence (screenshots, photos or other material)`,
      });
    }
    if (item.rightId !== null && !cited.has(item.rightId)) {
      out.push({
        code: 'item_right',
        field: `${at}.rightId`,
        message: `${label}: the IP right it names is not among the rights the complaint cites`,
      });
    }
  }
  return out;
}

/** seed 000 §二(一)2(4); §三1: the complainant declares the materials true, lawful and valid. */
function statementOf(input: CompletenessInput): ChecklistEntry[] {
  if (input.statement?.signerName.trim()) return [];
  return [
    {
      code: 'statement',
      field: 'statement',
      message: 'the signed statement that all materials submitted are true, lawful and valid',
    },
  ];
}

function summarised(entries: ChecklistEntry[], max: number): ChecklistEntry[] {
  if (entries.length <= max) return entries;
  const rest = entries.length - max;
  return [
    ...entries.slice(0, max),
    { code: 'more', field: 'items', message: `${rest} more item detail(s) are missing, of the same kinds as above` },
  ];
}
