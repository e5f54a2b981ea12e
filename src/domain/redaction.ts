/**
 * What the respondent may receive of a complaint (seed 000 §二(二)3): the complainant's name,
 * contact e-mail, proof of ownership and the evidence — never phone numbers, identity documents,
 * the enterprise's licence, other private data, or anything marked do-not-forward.
 * Views are built by whitelisting fields, never by deleting fields from a full record.
 */

/** Document kinds that are private by nature and never reach the respondent. */
export const privateDocumentKinds: readonly string[] = ['id_document', 'business_licence', 'power_of_attorney'];

export interface DocumentFacts {
  id: string;
  kind: string;
  doNotForward: boolean;
}

/** seed 000 §二(二)3: identity documents and material declared inconvenient to forward stay private. */
export function isForwardable(doc: DocumentFacts): boolean {
  return !doc.doNotForward && !privateDocumentKinds.includes(doc.kind);
}

export const REDACTED = '[redacted]';

// PRC resident identity numbers: 18 characters (17 digits + digit or X; GB 11643-1999) or the older 15 digits.
const chineseIdNumber =
  /(?<![0-9A-Za-z])(?:[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]|[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3})(?![0-9A-Za-z])/g;
// Telephone numbers: Chinese mobiles (1[3-9]x, optionally +86), landlines with area code, and
// international numbers written with a leading + or 00; separators of spaces, dots and dashes allowed.
const phoneNumber =
  /(?<![0-9A-Za-z])(?:(?:\+|00)\d{1,3}[\s.-]?)?(?:\(?\d{2,4}\)?[\s.-]?)?\d{3,4}[\s.-]?\d{4}(?![0-9A-Za-z])|(?<![0-9A-Za-z])(?:\+?86[\s.-]?)?1[3-9]\d[\s.-]?\d{4}[\s.-]?\d{4}(?![0-9A-Za-z])/g;

/** Removes phone numbers and Chinese ID numbers from free text that will be forwarded. */
export function redactFreeText(text: string): string {
  return text.replace(chineseIdNumber, REDACTED).replace(phoneNumber, (m) => {
    // A bare run of fewer than 7 digits is a quantity or a model number, not a phone number.
    const digits = m.replace(/\D/g, '');
    return digits.length >= 7 ? REDACTED : m;
  });
}
