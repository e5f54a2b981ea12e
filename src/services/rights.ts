import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { ipRights, powersOfAttorney } from '../db/schema/index.ts';
import { type Actor, staffRoles } from '../domain/roles.ts';
import { conflict, type FieldError, invalid, invalidMany, Problem } from '../server/problem.ts';
import type { CreateIpRight, CreatePowerOfAttorney, IpRightRow, PowerOfAttorneyRow } from '../server/schemas/rights.ts';
import { assertOwnDocument, assertOwnDocuments } from './document-access.ts';

/** seed 000 §二(一)2(2)a: certificates, or any evidence of originality. */
const proofOfOwnershipKinds = ['registration_certificate', 'evidence', 'other'] as const;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const isStaff = (actor: Actor) => staffRoles.includes(actor.role);

/** The holder and the platform IP team see a right; everyone else is told it does not exist. */
export async function canReadIpRight(_db: Queryable, actor: Actor, right: IpRightRow): Promise<boolean> {
  return right.holderId === actor.userId || isStaff(actor);
}

/** The agent holding the power and the platform IP team see it. */
export async function canReadPowerOfAttorney(_db: Queryable, actor: Actor, poa: PowerOfAttorneyRow): Promise<boolean> {
  return poa.agentId === actor.userId || isStaff(actor);
}

export async function createIpRight(db: Queryable, actor: Actor, input: CreateIpRight, now: Date) {
  const docs = await assertOwnDocuments(db, actor, input.documentIds, 'documentIds', [...proofOfOwnershipKinds]);
  if (input.type === 'copyright' && !input.registrationNumber && !docs.some((d) => d.kind === 'evidence')) {
    throw invalid('documentIds', 'must include evidence of originality (kind evidence) when there is no registration');
  }
  if (input.registrationNumber) {
    const [same] = await db
      .select({ id: ipRights.id })
      .from(ipRights)
      .where(
        and(
          eq(ipRights.holderId, actor.userId),
          eq(ipRights.type, input.type),
          eq(ipRights.jurisdiction, input.jurisdiction),
          eq(ipRights.registrationNumber, input.registrationNumber),
          ne(ipRights.verification, 'rejected'),
        ),
      );
    if (same) {
      throw conflict(`You registered this ${input.type} already (${same.id}).`, [
        { field: 'registrationNumber', message: 'is already registered by you' },
      ]);
    }
  }
  // Nice classes are numbers; "09" and "9" are the same class.
  const classes = (input.classes ?? []).map((c) => (input.type === 'trademark' ? String(Number(c)) : c));
  const [row] = await db
    .insert(ipRights)
    .values({
      holderId: actor.userId,
      type: input.type,
      registrationNumber: input.registrationNumber ?? null,
      jurisdiction: input.jurisdiction,
      ownerName: input.ownerName,
      validFrom: input.validFrom ?? null,
      validTo: input.validTo ?? null,
      classes: [...new Set(classes)],
      subject: input.subject ?? null,
      documentIds: docs.map((d) => d.id),
      createdAt: now,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/**
 * Checks IP rights a party cites (in a power of attorney or a complaint): each must exist, be
 * registered by the actor, and not have been rejected by a reviewer. Errors name `${field}.${index}`.
 * Returns the rows in the order of `ids`.
 */
export async function assertOwnRights(
  db: Queryable,
  actor: Actor,
  ids: readonly string[],
  field: string,
): Promise<IpRightRow[]> {
  const keys = ids.map((id) => id.toLowerCase());
  const unique = [...new Set(keys.filter((id) => uuidPattern.test(id)))];
  const rows = unique.length ? await db.select().from(ipRights).where(inArray(ipRights.id, unique)) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const errors: FieldError[] = [];
  const found: IpRightRow[] = [];
  const seen = new Set<string>();
  keys.forEach((id, i) => {
    const row = byId.get(id);
    const at = `${field}.${i}`;
    if (!row || row.holderId !== actor.userId) errors.push({ field: at, message: 'is not an IP right you registered' });
    else if (seen.has(id)) errors.push({ field: at, message: 'is cited twice' });
    else if (row.verification === 'rejected') errors.push({ field: at, message: 'was rejected by the reviewer' });
    else found.push(row);
    seen.add(id);
  });
  if (errors.length) throw invalidMany(errors);
  return found;
}

export async function createPowerOfAttorney(db: Queryable, actor: Actor, input: CreatePowerOfAttorney, now: Date) {
  const errors: FieldError[] = [];
  const collect = async <T>(check: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await check();
    } catch (err) {
      if (!(err instanceof Problem) || err.status !== 400) throw err;
      errors.push(...err.errors);
      return undefined;
    }
  };
  const rights = await collect(() => assertOwnRights(db, actor, input.rightIds, 'rightIds'));
  const doc = await collect(() => assertOwnDocument(db, actor, input.documentId, 'documentId', ['power_of_attorney']));
  if (errors.length || !rights || !doc) throw invalidMany(errors);
  const [row] = await db
    .insert(powersOfAttorney)
    .values({
      agentId: actor.userId,
      principalName: input.principalName,
      scope: input.scope,
      rightIds: rights.map((r) => r.id),
      validFrom: input.validFrom,
      validTo: input.validTo ?? null,
      documentId: doc.id,
      createdAt: now,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export interface Verification {
  decision: 'verified' | 'rejected';
  note?: string | undefined;
  reviewerId: string;
  at: Date;
}

const verificationColumns = (v: Verification) => ({
  verification: v.decision,
  verificationNote: v.note ?? null,
  verifiedBy: v.reviewerId,
  verifiedAt: v.at,
});

/** A reviewer's decision on a right; a later decision replaces an earlier one (e.g. after new proof). */
export async function verifyIpRight(db: Queryable, id: string, v: Verification) {
  const [row] = await db.update(ipRights).set(verificationColumns(v)).where(eq(ipRights.id, id)).returning();
  return row;
}

export async function verifyPowerOfAttorney(db: Queryable, id: string, v: Verification) {
  const [row] = await db
    .update(powersOfAttorney)
    .set(verificationColumns(v))
    .where(eq(powersOfAttorney.id, id))
    .returning();
  return row;
}
