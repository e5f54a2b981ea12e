/**
 * Jurisdiction profiles (SPEC §3): the time zone that decides which calendar day a receipt falls on,
 * and the periods of the complaint procedure, each with the rule it comes from.
 */

/** "N working days after receipt", or "N days" counted as PRC Civil Code arts. 201–203 prescribe. */
export type PeriodRule = { workingDays: number } | { days: number };

export const jurisdictionCodes = ['CN', 'US', 'EU'] as const;
export type Jurisdiction = (typeof jurisdictionCodes)[number];
export const defaultJurisdiction: Jurisdiction = 'CN';

export const periodNames = ['counterNotice', 'legalAction', 'correction', 'review'] as const;
export type PeriodName = (typeof periodNames)[number];

export interface Period {
  rule: PeriodRule;
  /** the provision or policy the period comes from, for notices and the audit trail. */
  basis: string;
  /** a later limit the same provision sets, e.g. DMCA's 14th business day for restoring. */
  outerLimit?: { rule: PeriodRule; basis: string };
}

export interface JurisdictionProfile {
  code: Jurisdiction;
  name: string;
  timeZone: string;
  /**
   * Whether deadlines need an official calendar loaded. When false the weekend rule alone is the
   * calendar until an admin loads one; from then on, a year left unloaded is warned about too.
   */
  calendarRequired: boolean;
  periods: Readonly<Record<PeriodName, Period>>;
  notes: readonly string[];
}

const review: Period = {
  rule: { workingDays: 1 },
  basis: 'SPEC §3 review target: acceptance decision within 1 working day (anchor: Alibaba, 95% within 24 h)',
};

const profiles: Readonly<Record<Jurisdiction, JurisdictionProfile>> = {
  CN: {
    code: 'CN',
    name: 'China',
    timeZone: 'Asia/Shanghai',
    calendarRequired: true,
    periods: {
      counterNotice: {
        rule: { workingDays: 5 },
        basis: 'seed 000 §二(二)4: counter-notice within 5 working days after receipt of the forwarded complaint',
      },
      legalAction: {
        rule: { days: 15 },
        basis:
          'PRC E-Commerce Law art. 43: measures end unless a complaint to the authorities or a suit is shown within 15 days after the counter-notice reaches the complainant',
      },
      correction: {
        rule: { workingDays: 5 },
        basis: 'seed 000 §二(二)6: correction within a reasonable period, 5 working days',
      },
      review,
    },
    notes: [
      'Working days follow the State Council General Office holiday notice of each year, including adjusted working weekends (调休).',
      'N-day periods: PRC Civil Code arts. 201–203.',
    ],
  },
  US: {
    code: 'US',
    name: 'United States',
    timeZone: 'America/New_York',
    calendarRequired: true,
    periods: {
      counterNotice: {
        rule: { workingDays: 5 },
        basis: 'platform policy: counter-notice within 5 business days after the notice is forwarded',
      },
      legalAction: {
        rule: { workingDays: 10 },
        basis:
          '17 USC 512(g)(2)(C): restore not less than 10 business days after the counter-notice unless the complainant shows an action seeking a court order',
        outerLimit: {
          rule: { workingDays: 14 },
          basis: '17 USC 512(g)(2)(C): restore not more than 14 business days after receipt of the counter-notice',
        },
      },
      correction: {
        rule: { workingDays: 5 },
        basis: 'platform policy: correction within 5 business days',
      },
      review,
    },
    notes: ['Business days are Monday–Friday less the federal holidays of 5 USC 6103, as observed (EO 11582).'],
  },
  EU: {
    code: 'EU',
    name: 'European Union',
    timeZone: 'Europe/Brussels',
    calendarRequired: false,
    periods: {
      counterNotice: {
        rule: { workingDays: 5 },
        basis: 'platform policy: counter-notice within 5 working days after the notice is forwarded',
      },
      legalAction: {
        rule: { days: 15 },
        basis:
          'platform policy (no statutory window in the DSA): 15 days after the counter-notice reaches the complainant',
      },
      correction: {
        rule: { workingDays: 5 },
        basis: 'platform policy: correction within 5 working days',
      },
      review,
    },
    notes: [
      'Weekends are the only rest days unless an EU calendar is loaded.',
      'DSA art. 16/17: the affected party receives a statement of reasons for every restriction.',
    ],
  },
};

export function isJurisdiction(value: string): value is Jurisdiction {
  return (jurisdictionCodes as readonly string[]).includes(value);
}

export function jurisdictionProfile(code: string): JurisdictionProfile {
  if (!isJurisdiction(code)) {
    throw new RangeError(`unknown jurisdiction '${code}' (known: ${jurisdictionCodes.join(', ')})`);
  }
  return profiles[code];
}

/** The rule and legal basis of a named period of the procedure in a jurisdiction. */
export function periodFor(jurisdiction: string, period: PeriodName): Period {
  return jurisdictionProfile(jurisdiction).periods[period];
}
