import type { InfringementType } from './measures.ts';

/** SPEC §4: strikes weigh by severity — counterfeit > trademark misuse > copyright image. */
export const strikeWeights: Record<InfringementType, number> = {
  counterfeit: 3,
  trademark_misuse: 2,
  patent: 2,
  copyright: 1,
  other: 1,
};

/** Default window after which a strike stops counting (a policy setting; 180 days as Amazon and eBay use). */
export const defaultStrikeWindowDays = 180;

export function strikeExpiry(givenAt: Date, windowDays = defaultStrikeWindowDays): Date {
  return new Date(givenAt.getTime() + windowDays * 86_400_000);
}
