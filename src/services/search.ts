import { and, eq, type SQL, sql } from 'drizzle-orm';
import { arrayParam } from '../db/any-of.ts';
import type { Queryable } from '../db/client.ts';
import { complaintItems, complaints, itemSearchText } from '../db/schema/index.ts';

/**
 * Chinese, Japanese and Korean runs, as drizzle/0004_pg_trgm.sql's rightsdesk_cjk_grams() reads
 * them: the two must agree, or the grams index finds nothing.
 */
const cjkRun = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+/g;

/**
 * The grams an item's text must hold to contain `q`: each pair of neighbouring CJK characters, or
 * the character itself when it stands alone (docs/decisions/006). Empty when `q` has no CJK text.
 */
export function cjkQueryGrams(q: string): string[] {
  const grams = new Set<string>();
  for (const run of q.match(cjkRun) ?? []) {
    const chars = [...run];
    if (chars.length === 1) grams.add(run);
    for (let i = 0; i + 1 < chars.length; i++) grams.add(`${chars[i]}${chars[i + 1]}`);
  }
  return [...grams];
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface ItemSearch {
  q: string;
  limit: number;
}

/**
 * Items whose listing title or description contains `q` (any case for Latin letters), for the IP
 * team. The ILIKE is exact and uses the trigram index for three or more characters; CJK text also
 * narrows by the grams index, so one- and two-character words (鞋, 耐克) are found inside sentences.
 * Matches come in no particular order, at most `limit`; `more` says whether there are others.
 */
export async function searchItems(db: Queryable, { q, limit }: ItemSearch) {
  const text = itemSearchText(complaintItems);
  const conds: SQL[] = [sql`${text} ILIKE ${likePattern(q)}`];
  const grams = cjkQueryGrams(q);
  if (grams.length) conds.push(sql`rightsdesk_cjk_grams(${text}) @> ${arrayParam(grams, 'text')}`);
  const rows = await db
    .select({
      id: complaintItems.id,
      complaintId: complaintItems.complaintId,
      caseNumber: complaints.caseNumber,
      seq: complaintItems.seq,
      status: complaintItems.status,
      listingUrl: complaintItems.listingUrl,
      listingExternalId: complaintItems.listingExternalId,
      sellerExternalId: complaintItems.sellerExternalId,
      sellerName: complaintItems.sellerName,
      title: complaintItems.title,
      description: complaintItems.description,
      dueAt: complaintItems.dueAt,
    })
    .from(complaintItems)
    .innerJoin(complaints, eq(complaints.id, complaintItems.complaintId))
    .where(and(...conds))
    .limit(limit + 1);
  return { data: rows.slice(0, limit), more: rows.length > limit };
}
