import { expect } from 'vitest';
import type { TestEnv, TestUser } from './harness.ts';
import { multipart, pdf, png } from './sample-files.ts';

/** Small factories that build a case through the HTTP API, as a client would. */

export async function upload(
  env: TestEnv,
  user: TestUser,
  kind: string,
  opts: { doNotForward?: boolean; bytes?: Buffer; filename?: string } = {},
): Promise<string> {
  const form = multipart(
    { kind, doNotForward: String(opts.doNotForward ?? false) },
    { filename: opts.filename ?? `${kind}.pdf`, bytes: opts.bytes ?? pdf(kind) },
  );
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/v1/documents',
    payload: form.payload,
    headers: { ...form.headers, ...user.auth },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

export async function api(
  env: TestEnv,
  user: TestUser | undefined,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return env.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { ...(user?.auth ?? {}), ...headers },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

/** An expectation that the call succeeded, returning its JSON. */
export async function ok(res: Awaited<ReturnType<typeof api>>, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

export interface FiledCase {
  complaintId: string;
  caseNumber: string;
  rightId: string;
  docs: { licence: string; certificate: string; evidence: string[]; secret: string; ownership: string };
}

/**
 * A complete enterprise complaint with a verified trademark, one item per seller listed
 * (descriptions carry a phone number to be redacted), submitted. Optionally missing the phone.
 */
export async function fileCompleteComplaint(
  env: TestEnv,
  complainant: TestUser,
  reviewer: TestUser,
  sellers: { externalId: string; items: number }[],
  opts: { withoutPhone?: boolean; jurisdiction?: string } = {},
): Promise<FiledCase> {
  const licence = await upload(env, complainant, 'business_licence');
  const certificate = await upload(env, complainant, 'registration_certificate');
  const ownership = await upload(env, complainant, 'evidence', { bytes: png(3, 3), filename: 'originality.png' });
  const secret = await upload(env, complainant, 'evidence', { doNotForward: true, filename: 'internal-memo.pdf' });
  const right = await ok(
    await api(env, complainant, 'POST', '/ip-rights', {
      type: 'trademark',
      registrationNumber: `TM-${Math.floor(Math.random() * 1e9)}`,
      jurisdiction: 'CN',
      ownerName: 'Brand Co., Ltd.',
      classes: ['25'],
      documentIds: [certificate],
    }),
    201,
  );
  await ok(
    await api(env, reviewer, 'POST', `/ip-rights/${right.id}/verification`, { decision: 'verified', note: 'ok' }),
  );
  const evidence: string[] = [];
  const items = [];
  for (const s of sellers) {
    for (let i = 0; i < s.items; i++) {
      const ev = await upload(env, complainant, 'evidence', { filename: `shot-${s.externalId}-${i}.pdf` });
      evidence.push(ev);
      items.push({
        listingUrl: `https://shop.example/${s.externalId}/listing-${i}`,
        sellerExternalId: s.externalId,
        title: `Counterfeit sneaker ${i}`,
        description: `Fake logo on the tongue. Our investigator called the shop at 13800138000 (ID 110105199003071234).`,
        infringementType: 'counterfeit',
        rightId: right.id,
        evidenceDocumentIds: [ev],
      });
    }
  }
  const complaint = await ok(
    await api(env, complainant, 'POST', '/complaints', {
      complainantKind: 'enterprise',
      complainantName: 'Brand Co., Ltd.',
      contactEmail: 'ip@brand.example',
      ...(opts.withoutPhone ? {} : { contactPhone: '+86 21 5555 0100' }),
      identityDocumentIds: [licence],
      rightIds: [right.id],
      ownershipDocumentIds: [ownership, secret],
      jurisdiction: opts.jurisdiction ?? 'CN',
      statement: { signerName: 'Li Lei', accepted: true, textVersion: '2026-01' },
      items,
      submit: true,
    }),
    201,
  );
  return {
    complaintId: complaint.id,
    caseNumber: complaint.caseNumber,
    rightId: right.id,
    docs: { licence, certificate, evidence, secret, ownership },
  };
}
