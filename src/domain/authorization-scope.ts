/** What an agent's power of attorney authorises, as far as a complaint needs to know (seed 000 §二(一)2(2)b). */
export interface PowerOfAttorneyTerms {
  rightIds: readonly string[];
  /** ISO dates (YYYY-MM-DD), inclusive. */
  validFrom: string;
  validTo: string | null;
  verification: 'unverified' | 'verified' | 'rejected';
}

export type Coverage = { ok: true } | { ok: false; reason: string };

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether a power of attorney authorises acting on all of `rightIds` on `onDate` (an ISO date in the
 * jurisdiction's calendar). A rejected power covers nothing; an unverified one covers what it names
 * until the reviewer decides, since the reviewer checks it with the complaint (seed 000 §二(二)1).
 * Citing no right is not covered: an agent always acts for some right.
 */
export function poaCovers(poa: PowerOfAttorneyTerms, rightIds: readonly string[], onDate: string): Coverage {
  if (!isoDate.test(onDate)) throw new RangeError(`onDate must be an ISO date, got ${onDate}`);
  if (poa.verification === 'rejected')
    return { ok: false, reason: 'the power of attorney was rejected by the reviewer' };
  if (onDate < poa.validFrom) return { ok: false, reason: `the power of attorney is valid only from ${poa.validFrom}` };
  if (poa.validTo !== null && onDate > poa.validTo) {
    return { ok: false, reason: `the power of attorney expired on ${poa.validTo}` };
  }
  if (rightIds.length === 0) return { ok: false, reason: 'no IP right is cited' };
  const named = new Set(poa.rightIds);
  const missing = [...new Set(rightIds.filter((id) => !named.has(id)))];
  if (missing.length) {
    return { ok: false, reason: `the power of attorney does not name the IP right(s) ${missing.join(', ')}` };
  }
  return { ok: true };
}
