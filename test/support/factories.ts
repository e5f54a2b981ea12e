import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { documents, ipRights, powersOfAttorney } from '../../src/db/schema/index.ts';
import type { DocumentKind } from '../../src/server/schemas/documents.ts';
import { makeUser, type TestEnv, type TestUser } from './harness.ts';
import { pdf } from './sample-files.ts';

/** Small factories for complaint tests: each test builds its own data. */

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A request as `user` (or unauthenticated). */
export function call(
  env: TestEnv,
  user: TestUser | undefined,
  method: Method,
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return env.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { ...(user?.auth ?? {}), ...headers },
    ...(payload === undefined ? {} : { payload: payload as string | object }),
  });
}

/** A stored document of the owner (a tiny valid PDF in the file store and its row). */
export async function makeDocument(env: TestEnv, owner: TestUser, kind: DocumentKind = 'evidence'): Promise<string> {
  const bytes = pdf(kind);
  const storageKey = await env.ctx.files.put(bytes);
  const [row] = await env.ctx.database.db
    .insert(documents)
    .values({
      ownerId: owner.id,
      kind,
      fileName: `${kind}.pdf`,
      mediaType: 'application/pdf',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      storageKey,
    })
    .returning();
  return row!.id;
}

export async function makeRight(
  env: TestEnv,
  holder: TestUser,
  opts: { verification?: 'unverified' | 'verified' | 'rejected'; validTo?: string } = {},
): Promise<string> {
  const certificate = await makeDocument(env, holder, 'registration_certificate');
  const [row] = await env.ctx.database.db
    .insert(ipRights)
    .values({
      holderId: holder.id,
      type: 'trademark',
      registrationNumber: `TM-${Math.random().toString(36).slice(2, 10)}`,
      jurisdiction: 'CN',
      ownerName: 'Brand Owner Co., Ltd.',
      validFrom: '2020-01-01',
      validTo: opts.validTo ?? '2099-12-31',
      classes: ['25'],
      documentIds: [certificate],
      verification: opts.verification ?? 'verified',
    })
    .returning();
  return row!.id;
}

export async function makePowerOfAttorney(
  env: TestEnv,
  agent: TestUser,
  rightIds: string[],
  opts: { validFrom?: string; validTo?: string | null } = {},
): Promise<string> {
  const document = await makeDocument(env, agent, 'power_of_attorney');
  const [row] = await env.ctx.database.db
    .insert(powersOfAttorney)
    .values({
      agentId: agent.id,
      principalName: 'Brand Owner Co., Ltd.',
      scope: 'file and handle infringement complaints on the marketplace',
      rightIds,
      validFrom: opts.validFrom ?? '2020-01-01',
      validTo: opts.validTo === undefined ? '2099-12-31' : opts.validTo,
      documentId: document,
    })
    .returning();
  return row!.id;
}

/** A filer with what a complete complaint needs: identity document, a verified right, an agent's POA. */
export interface Filer {
  user: TestUser;
  kind: 'individual' | 'enterprise';
  identityDocumentId: string;
  rightId: string;
  powerOfAttorneyId?: string;
}

export async function makeFiler(
  env: TestEnv,
  role: 'complainant' | 'agent' = 'complainant',
  kind: 'individual' | 'enterprise' = 'enterprise',
): Promise<Filer> {
  const user = await makeUser(env, role, role === 'complainant' ? { partyKind: kind } : {});
  const identityDocumentId = await makeDocument(env, user, kind === 'individual' ? 'id_document' : 'business_licence');
  const rightId = await makeRight(env, user);
  const filer: Filer = { user, kind, identityDocumentId, rightId };
  if (role === 'agent') filer.powerOfAttorneyId = await makePowerOfAttorney(env, user, [rightId]);
  return filer;
}

/** One reported listing with its own evidence document. */
export async function itemFor(env: TestEnv, filer: Filer, over: Record<string, unknown> = {}) {
  return {
    listingUrl: `https://shop.example.test/item/${Math.random().toString(36).slice(2, 10)}`,
    sellerExternalId: 'SHOP-1001',
    sellerName: 'Shop 1001',
    title: 'Counterfeit sneakers',
    description: 'Uses our registered trademark on shoes we never made.',
    infringementType: 'counterfeit',
    rightId: filer.rightId,
    evidenceDocumentIds: [await makeDocument(env, filer.user, 'evidence')],
    ...over,
  };
}

/** The body of a complete complaint (seed 000 §二(一)2) with `items` listings. */
export async function completeBody(env: TestEnv, filer: Filer, items = 2, over: Record<string, unknown> = {}) {
  return {
    complainantKind: filer.kind,
    complainantName: filer.kind === 'individual' ? 'Li Hua' : 'Brand Owner Co., Ltd.',
    contactEmail: 'ip@brand.example.test',
    contactPhone: '+86 138 0013 8000',
    identityDocumentIds: [filer.identityDocumentId],
    rightIds: [filer.rightId],
    ...(filer.powerOfAttorneyId ? { powerOfAttorneyId: filer.powerOfAttorneyId } : {}),
    statement: { signerName: 'Li Hua', accepted: true, textVersion: 'v1' },
    items: await Promise.all(Array.from({ length: items }, () => itemFor(env, filer))),
    ...over,
  };
}

export interface FiledComplaint {
  id: string;
  caseNumber: string;
  status: string;
  version: number;
}

/** Files a complaint through the API and returns it; fails the test unless it is created. */
export async function fileComplaint(
  env: TestEnv,
  filer: Filer,
  over: Record<string, unknown> = {},
  items = 2,
): Promise<FiledComplaint> {
  const res = await call(env, filer.user, 'POST', '/complaints', await completeBody(env, filer, items, over));
  if (res.statusCode !== 201) throw new Error(`filing failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A complete complaint, already submitted. */
export const submittedComplaint = (env: TestEnv, filer: Filer, over: Record<string, unknown> = {}) =>
  fileComplaint(env, filer, { submit: true, ...over });
