import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents } from '../../src/db/schema/index.ts';
import type { Role } from '../../src/domain/roles.ts';
import { assertOwnDocument, assertOwnDocuments, canReadDocument } from '../../src/services/document-access.ts';
import { makeUser, startTestApp, type TestEnv, type TestUser } from '../support/harness.ts';
import { impostors, jpeg, multipart, pdf, png, webp } from '../support/sample-files.ts';

let env: TestEnv;
let small: TestEnv;
beforeAll(async () => {
  [env, small] = await Promise.all([startTestApp(), startTestApp({ RIGHTSDESK_MAX_UPLOAD_BYTES: '2048' })]);
});
afterAll(async () => Promise.all([env.close(), small.close()]));

const allRoles: Role[] = ['complainant', 'agent', 'respondent', 'reviewer', 'admin'];

function upload(
  user: TestUser | undefined,
  bytes: Buffer,
  filename = 'file.pdf',
  fields: Record<string, string> = { kind: 'evidence' },
  on: TestEnv = env,
  extraHeaders: Record<string, string> = {},
) {
  const form = multipart(fields, { filename, bytes });
  return on.app.inject({
    method: 'POST',
    url: '/api/v1/documents',
    payload: form.payload,
    headers: { ...form.headers, ...(user?.auth ?? {}), ...extraHeaders },
  });
}

function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

async function documentCount(on: TestEnv) {
  const [row] = await on.ctx.database.db.select({ n: count() }).from(documents);
  return row?.n ?? 0;
}

const get = (user: TestUser | undefined, url: string) =>
  env.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: user?.auth ?? {} });

describe('uploading documents', () => {
  it('stores a PDF, JPEG, PNG and WebP by content, with sha256, size and the detected type', async () => {
    const user = await makeUser(env, 'complainant');
    const samples = [
      { bytes: pdf(), name: 'certificate.pdf', type: 'application/pdf' },
      { bytes: jpeg(), name: 'photo.jpg', type: 'image/jpeg' },
      { bytes: png(), name: 'shot.png', type: 'image/png' },
      { bytes: webp(), name: 'listing.webp', type: 'image/webp' },
    ];
    for (const s of samples) {
      const res = await upload(user, s.bytes, s.name, { kind: 'evidence', doNotForward: 'true' });
      expect(res.statusCode, s.name).toBe(201);
      expect(res.json()).toMatchObject({
        kind: 'evidence',
        fileName: s.name,
        mediaType: s.type,
        sizeBytes: s.bytes.length,
        sha256: createHash('sha256').update(s.bytes).digest('hex'),
        doNotForward: true,
        ownerId: user.id,
      });
    }
  });

  it('lets every role upload, and refuses the unauthenticated and keys without documents:write', async () => {
    for (const role of allRoles) {
      const user = await makeUser(env, role);
      expect((await upload(user, pdf())).statusCode, role).toBe(201);
    }
    expect((await upload(undefined, pdf())).statusCode).toBe(401);
    const readOnly = await makeUser(env, 'complainant', { scopes: ['documents:read'] });
    expect((await upload(readOnly, pdf())).statusCode).toBe(403);
  });

  it('defaults doNotForward to false and names a bad kind or flag', async () => {
    const user = await makeUser(env, 'complainant');
    const ok = await upload(user, png(), 'a.png', { kind: 'id_document' });
    expect(ok.json().doNotForward).toBe(false);
    const badKind = await upload(user, png(), 'a.png', { kind: 'selfie' });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().errors[0].field).toBe('kind');
    const badFlag = await upload(user, png(), 'a.png', { kind: 'evidence', doNotForward: 'yes' });
    expect(badFlag.statusCode).toBe(400);
    expect(badFlag.json().errors[0].field).toBe('doNotForward');
  });

  it('refuses content that is not PDF, JPEG, PNG or WebP whatever its name, and stores nothing', async () => {
    const user = await makeUser(env, 'complainant');
    const before = { rows: await documentCount(env), files: filesIn(env.ctx.config.filesDir).length };
    for (const [what, make] of Object.entries(impostors)) {
      const res = await upload(user, make(), 'innocent.png', { kind: 'evidence' });
      expect(res.statusCode, what).toBe(415);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0].field).toBe('file');
    }
    expect(await documentCount(env)).toBe(before.rows);
    expect(filesIn(env.ctx.config.filesDir)).toHaveLength(before.files);
  });

  it('refuses an empty file and a missing file, naming the field', async () => {
    const user = await makeUser(env, 'complainant');
    const empty = await upload(user, Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('file');
    const form = multipart({ kind: 'evidence' });
    const missing = await env.app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      payload: form.payload,
      headers: { ...form.headers, ...user.auth },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toContain('file');
  });

  it('refuses a second file and a body that is not multipart', async () => {
    const user = await makeUser(env, 'complainant');
    const form = multipart(
      { kind: 'evidence' },
      { filename: 'a.pdf', bytes: pdf() },
      { filename: 'b.pdf', bytes: pdf() },
    );
    const two = await env.app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      payload: form.payload,
      headers: { ...form.headers, ...user.auth },
    });
    expect(two.statusCode).toBe(400);
    expect(two.json().errors[0].field).toBe('file');
    const json = await env.app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      payload: { kind: 'evidence' },
      headers: user.auth,
    });
    expect(json.statusCode).toBe(415);
  });

  it('refuses a file over the size limit with 413 naming the file, and stores nothing', async () => {
    const user = await makeUser(small, 'complainant');
    const big = Buffer.concat([pdf(), Buffer.alloc(4096, 0x20)]);
    const res = await upload(user, big, 'big.pdf', { kind: 'evidence' }, small);
    expect(res.statusCode).toBe(413);
    expect(res.json().errors[0].field).toBe('file');
    expect(await documentCount(small)).toBe(0);
    expect(filesIn(small.ctx.config.filesDir)).toHaveLength(0);
    expect((await upload(user, pdf(), 'ok.pdf', { kind: 'evidence' }, small)).statusCode).toBe(201);
  });

  it('refuses images over 100 megapixels from the header alone', async () => {
    const user = await makeUser(env, 'complainant');
    const flood = await upload(user, png(2, 2, { width: 20_000, height: 20_000 }), 'flood.png');
    expect(flood.statusCode).toBe(422);
    expect(flood.json().errors[0].field).toBe('file');
    expect((await upload(user, webp(16_000, 16_000), 'flood.webp')).statusCode).toBe(422);
    expect((await upload(user, jpeg(10_000, 10_001), 'flood.jpg')).statusCode).toBe(422);
    expect((await upload(user, jpeg(10_000, 10_000), 'edge.jpg')).statusCode).toBe(201);
  });

  it('keeps only a safe file name: no directories, control characters or lying extensions', async () => {
    const user = await makeUser(env, 'complainant');
    const cases: [string, string][] = [
      ['../../etc/passwd.pdf', 'passwd.pdf'],
      ['..\\..\\windows\\evil.pdf', 'evil.pdf'],
      ['report\u202egpj.exe.pdf', 'reportgpj.exe.pdf'],
      ['invoice.html', 'invoice.html.pdf'],
      ['...', 'document.pdf'],
      ['商标注册证.pdf', '商标注册证.pdf'],
      [`${'x'.repeat(400)}.pdf`, `${'x'.repeat(196)}.pdf`],
    ];
    for (const [sent, kept] of cases) {
      const res = await upload(user, pdf(), sent);
      expect(res.statusCode, sent).toBe(201);
      expect(res.json().fileName, sent).toBe(kept);
    }
    for (const f of filesIn(env.ctx.config.filesDir)) expect(f).toMatch(/\/[A-Za-z0-9_-]{2}\/[A-Za-z0-9_-]{32}$/);
  });

  it('replays an upload with the same Idempotency-Key and refuses other content under it', async () => {
    const user = await makeUser(env, 'agent');
    const bytes = pdf();
    const headers = { 'idempotency-key': 'upload-1' };
    const filesBefore = filesIn(env.ctx.config.filesDir).length;
    const first = await upload(user, bytes, 'a.pdf', { kind: 'evidence' }, env, headers);
    const again = await upload(user, bytes, 'a.pdf', { kind: 'evidence' }, env, headers);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    expect(filesIn(env.ctx.config.filesDir)).toHaveLength(filesBefore + 1);
    const other = await upload(user, pdf(), 'a.pdf', { kind: 'evidence' }, env, headers);
    expect(other.statusCode).toBe(422);
    expect(filesIn(env.ctx.config.filesDir)).toHaveLength(filesBefore + 1);
  });
});

describe('reading documents', () => {
  it('serves the owner, reviewers and admins; everyone else gets 404', async () => {
    const owner = await makeUser(env, 'complainant');
    const doc = (await upload(owner, png(), 'shot.png')).json();
    const expected: Record<string, number> = {
      owner: 200,
      complainant: 404,
      agent: 404,
      respondent: 404,
      reviewer: 200,
      admin: 200,
    };
    for (const [who, status] of Object.entries(expected)) {
      const user = who === 'owner' ? owner : await makeUser(env, who as Role);
      expect((await get(user, `/documents/${doc.id}`)).statusCode, who).toBe(status);
      expect((await get(user, `/documents/${doc.id}/content`)).statusCode, who).toBe(status);
    }
    expect((await get(undefined, `/documents/${doc.id}`)).statusCode).toBe(401);
    expect((await get(undefined, `/documents/${doc.id}/content`)).statusCode).toBe(401);
    const noScope = await makeUser(env, 'reviewer', { scopes: ['complaints:read'] });
    expect((await get(noScope, `/documents/${doc.id}/content`)).statusCode).toBe(403);
    expect((await get(owner, '/documents/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('downloads the exact bytes as an attachment that no browser renders or caches', async () => {
    const owner = await makeUser(env, 'complainant');
    const bytes = pdf('download me');
    const doc = (await upload(owner, bytes, '../商标 "证书".pdf')).json();
    const res = await get(owner, `/documents/${doc.id}/content`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(bytes)).toBe(true);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''/);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('商标'));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'");
    const image = (await upload(owner, webp(), 'a.webp')).json();
    const imageRes = await get(owner, `/documents/${image.id}/content`);
    expect(imageRes.headers['content-type']).toBe('image/webp');
    expect(imageRes.headers['content-disposition']).toBe('attachment; filename=a.webp');
  });

  it('lists only your own documents; reviewers and admins may list anyone’s', async () => {
    const owner = await makeUser(env, 'complainant');
    const other = await makeUser(env, 'complainant');
    const mine = [(await upload(owner, pdf())).json().id, (await upload(owner, png(), 'a.png')).json().id];
    await upload(other, pdf());
    const own = await get(owner, '/documents');
    expect(own.statusCode).toBe(200);
    expect(
      own
        .json()
        .data.map((d: { id: string }) => d.id)
        .sort(),
    ).toEqual([...mine].sort());
    expect((await get(owner, `/documents?ownerId=${other.id}`)).statusCode).toBe(403);
    for (const role of ['agent', 'respondent'] as const) {
      const user = await makeUser(env, role);
      expect((await get(user, '/documents')).json().data, role).toEqual([]);
    }
    for (const role of ['reviewer', 'admin'] as const) {
      const staff = await makeUser(env, role);
      const res = await get(staff, `/documents?ownerId=${owner.id}&kind=evidence`);
      expect(res.statusCode, role).toBe(200);
      expect(res.json().data).toHaveLength(2);
    }
    expect((await get(undefined, '/documents')).statusCode).toBe(401);
  });

  it('pages through a long list', async () => {
    const owner = await makeUser(env, 'agent');
    for (let i = 0; i < 5; i++) await upload(owner, pdf());
    const first = (await get(owner, '/documents?limit=2')).json();
    expect(first.data).toHaveLength(2);
    expect(first.nextOffset).toBe(2);
    const last = (await get(owner, '/documents?limit=2&offset=4')).json();
    expect(last.data).toHaveLength(1);
    expect(last.nextOffset).toBeNull();
    expect((await get(owner, '/documents?limit=0')).json().errors[0].field).toBe('limit');
  });

  it('documents the upload and the download in the OpenAPI document', async () => {
    const spec = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const post = spec.paths['/api/v1/documents'].post;
    expect(Object.keys(post.requestBody.content)).toEqual(['multipart/form-data']);
    const download = spec.paths['/api/v1/documents/{id}/content'].get.responses['200'];
    expect(Object.keys(download.content)).toContain('application/pdf');
    const defined = Object.keys(spec.components?.schemas ?? {});
    for (const ref of JSON.stringify(spec.paths).match(/#\/components\/schemas\/[^"]+/g) ?? []) {
      expect(defined, ref).toContain(ref.split('/').pop());
    }
  });
});

describe('the document access rules', () => {
  it('checks cited documents: own, existing and of the expected kind, naming each entry or the single field', async () => {
    const owner = await makeUser(env, 'complainant');
    const other = await makeUser(env, 'complainant');
    const db = env.ctx.database.db;
    const idDoc = (await upload(owner, pdf(), 'id.pdf', { kind: 'id_document' })).json().id;
    const evidence = (await upload(owner, pdf())).json().id;
    const foreign = (await upload(other, pdf(), 'x.pdf', { kind: 'id_document' })).json().id;
    const actor = { userId: owner.id, role: owner.role, sellerId: null, scopes: null };
    const rows = await assertOwnDocuments(db, actor, [idDoc], 'identityDocumentIds', ['id_document']);
    expect(rows.map((r) => r.id)).toEqual([idDoc]);
    const refused = await assertOwnDocuments(
      db,
      actor,
      [idDoc, foreign, evidence, 'not-a-uuid', idDoc],
      'identityDocumentIds',
      ['id_document'],
    ).catch((e: unknown) => e);
    expect(refused).toMatchObject({
      status: 400,
      errors: [
        { field: 'identityDocumentIds.1' },
        { field: 'identityDocumentIds.2' },
        { field: 'identityDocumentIds.3' },
        { field: 'identityDocumentIds.4', message: 'is cited twice' },
      ],
    });
    const single = await assertOwnDocument(db, actor, evidence, 'documentId', ['power_of_attorney']).catch(
      (e: unknown) => e,
    );
    expect(single).toMatchObject({ status: 400, errors: [{ field: 'documentId' }] });
    expect((await assertOwnDocument(db, actor, idDoc, 'documentId')).id).toBe(idDoc);
    const [row] = await assertOwnDocuments(db, actor, [evidence], 'evidenceDocumentIds');
    if (!row) throw new Error('no row');
    expect(await canReadDocument(db, actor, row)).toBe(true);
    expect(await canReadDocument(db, { ...actor, userId: other.id }, row)).toBe(false);
  });
});
