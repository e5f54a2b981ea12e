import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/server/app.ts';
import { MAX_JSON_DEPTH } from '../../src/server/security.ts';
import { call, type Filer, fileComplaint, makeDocument, makeFiler } from '../support/factories.ts';
import { makeUser, startTestApp, type TestEnv, type TestUser } from '../support/harness.ts';
import { expectHealthy, expectRefused, overlongUtf8Json, rowCounts } from '../support/hostile.ts';
import { impostors, jpeg, multipart, pdf, png, webp } from '../support/sample-files.ts';

/**
 * Issue 9 item 6: a generated corpus of hostile files, CSV and JSON. Each is refused with a
 * problem+json naming the field, or stored inertly; none crashes the server (a /health check after
 * each batch) or changes anything else (row counts unchanged after a refusal).
 */
// This file sends many bad bodies as one actor on purpose; the limiter has its own test (security.test.ts).
process.env.RIGHTSDESK_RATE_LIMIT_COMPLAINTS = '0';
let env: TestEnv;
let small: TestEnv;
let user: TestUser;
let filer: Filer;
let evidence: string;
let draft: string;
beforeAll(async () => {
  [env, small] = await Promise.all([startTestApp(), startTestApp({ RIGHTSDESK_MAX_UPLOAD_BYTES: '4096' })]);
  user = await makeUser(env, 'complainant');
  filer = await makeFiler(env);
  evidence = await makeDocument(env, filer.user, 'evidence');
  draft = (await fileComplaint(env, filer, {}, 1)).id;
}, 60_000);
afterAll(async () => Promise.all([env.close(), small.close()]));

function uploadTo(on: TestEnv, as: TestUser, bytes: Buffer, filename: string) {
  const form = multipart({ kind: 'evidence' }, { filename, bytes });
  return on.app.inject({
    method: 'POST',
    url: '/api/v1/documents',
    payload: form.payload,
    headers: { ...form.headers, ...as.auth },
  });
}

const files = (on: TestEnv) => readdirSync(on.ctx.config.filesDir, { recursive: true }).length;

/** Runs refusals, checking that none left a row or a file behind and that the server is well. */
async function refusalsChangeNothing(on: TestEnv, run: () => Promise<void>) {
  const rows = await rowCounts(on);
  const stored = files(on);
  await run();
  expect(await rowCounts(on)).toEqual(rows);
  expect(files(on)).toBe(stored);
  await expectHealthy(on);
}

describe('hostile uploads', () => {
  it('refuses oversized files, wrong magic bytes, polyglots and pixel floods, naming the file', async () => {
    const smallUser = await makeUser(small, 'complainant');
    await refusalsChangeNothing(small, async () => {
      expectRefused(await uploadTo(small, smallUser, pdf('x'.repeat(8192)), 'big.pdf'), 413, 'file');
    });
    await refusalsChangeNothing(env, async () => {
      const cases: [Buffer, string, number][] = [
        [impostors.exe(), 'invoice.pdf', 415],
        [impostors.zip(), 'photo.jpg', 415],
        [impostors.html(), 'shot.png', 415],
        [impostors.svg(), 'logo.webp', 415],
        [impostors.htmlPdfPolyglot(), 'certificate.pdf', 415],
        // A JPEG's magic bytes followed by HTML: the header cannot be read as an image.
        [Buffer.concat([jpeg().subarray(0, 4), impostors.html()]), 'photo.jpg', 415],
        [png(2, 2, { width: 50_000, height: 50_000 }), 'flood.png', 422],
        [webp(16_384, 16_384), 'flood.webp', 422],
        [Buffer.alloc(0), 'empty.pdf', 400],
      ];
      for (const [bytes, name, status] of cases) expectRefused(await uploadTo(env, user, bytes, name), status, 'file');
      // A form field far over the multipart field limit, and hostile text in one.
      for (const kind of ['x'.repeat(200_000), "evidence'; DROP TABLE documents;--", 'evi\u0000dence']) {
        const form = multipart({ kind }, { filename: 'a.pdf', bytes: pdf() });
        const res = await env.app.inject({
          method: 'POST',
          url: '/api/v1/documents',
          payload: form.payload,
          headers: { ...form.headers, ...user.auth },
        });
        expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, res.body).toBeLessThan(500);
        expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
      }
    });
  });

  it('stores path-traversal, overlong and control-character file names as harmless names', async () => {
    const names = [
      '../../../../etc/passwd.pdf',
      '..\\..\\windows\\system32\\evil.pdf',
      `${'a'.repeat(5000)}.pdf`,
      'invoice\u202efdp.exe',
      'name\r\nContent-Type: text/html.pdf',
      '<script>alert(1)</script>.pdf',
    ];
    for (const name of names) {
      const res = await uploadTo(env, user, pdf(), name);
      expect(res.statusCode, res.body).toBe(201);
      const fileName: string = res.json().fileName;
      expect(fileName).toMatch(/\.pdf$/);
      expect(fileName).not.toMatch(/[/\\\u0000-\u001f\u202e<>]/);
      expect(fileName.length).toBeLessThanOrEqual(200);
      const download = await env.app.inject({
        method: 'GET',
        url: `/api/v1/documents/${res.json().id}/content`,
        headers: user.auth,
      });
      expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    }
    // Nothing was written outside the files directory: every stored file is inside it.
    expect(files(env)).toBeGreaterThanOrEqual(names.length);
    await expectHealthy(env);
  });
});

const csvHeader = 'listingUrl,description,infringementType,evidenceDocumentIds';
const csvRow = (i: number) => `https://shop.example/${i},Counterfeit ${i},counterfeit,${evidence}`;
function postCsv(csv: string | Buffer) {
  return env.app.inject({
    method: 'POST',
    url: `/api/v1/complaints/${draft}/items/csv`,
    payload: csv,
    headers: { ...filer.user.auth, 'content-type': 'text/csv' },
  });
}

describe('hostile CSV', () => {
  it('refuses unterminated quotes, unknown and missing columns, NUL and 10,001 rows, changing nothing', async () => {
    await refusalsChangeNothing(env, async () => {
      expectRefused(
        await postCsv(`${csvHeader}\n"https://shop.example/1,"unterminated,counterfeit,${evidence}\n`),
        400,
        'file',
      );
      expectRefused(await postCsv(`${csvHeader},"; DROP TABLE complaint_items"\n${csvRow(1)},x\n`), 400, 'columns.4');
      expectRefused(await postCsv(`listingUrl,infringementType\nhttps://shop.example/1,counterfeit\n`), 400, 'columns');
      expectRefused(
        await postCsv(`${csvHeader}\nhttps://shop.example/1,bad\u0000text,counterfeit,${evidence}\n`),
        400,
        'items.0.description',
      );
      expectRefused(await postCsv(`${csvHeader}\n${csvRow(1)},extra,cells\n`), 400);
      expectRefused(await postCsv(''), 400);
      const rows = Array.from({ length: 10_001 }, (_, i) => csvRow(i)).join('\n');
      expectRefused(await postCsv(`${csvHeader}\n${rows}\n`), 400, 'items');
    });
  });

  it('reads a CSV with a byte-order mark and keeps formula-like cells as text', async () => {
    const formula = '=HYPERLINK("http://evil.example","click")';
    const csv = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(
        `${csvHeader}\nhttps://shop.example/bom,"${formula.replaceAll('"', '""')}",counterfeit,${evidence}\n`,
      ),
    ]);
    const res = await postCsv(csv);
    expect(res.statusCode, res.body).toBe(201);
    const items = (await call(env, filer.user, 'GET', `/complaints/${draft}/items`)).json().data;
    expect(items.at(-1).description).toBe(formula);
  });
});

function postJson(payload: string | Buffer, url = '/complaints') {
  return env.app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    payload,
    headers: { ...filer.user.auth, 'content-type': 'application/json' },
  });
}

describe('hostile JSON', () => {
  it('refuses truncated, deeply nested, oversized, non-UTF-8 and wrongly typed bodies, changing nothing', async () => {
    const valid = { complainantKind: 'enterprise', complainantName: 'Brand', contactEmail: 'ip@brand.example' };
    await refusalsChangeNothing(env, async () => {
      expectRefused(await postJson('{"complainantKind":"enterprise","complainantName":"Br'), 400, 'body');
      expectRefused(await postJson(`${'['.repeat(10_000)}${']'.repeat(10_000)}`), 400, 'body');
      expectRefused(await postJson(`{"a":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_001)}`), 400, 'body');
      const justTooDeep = `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`;
      expectRefused(await postJson(justTooDeep), 400, 'body');
      expectRefused(
        await postJson(JSON.stringify({ ...valid, complainantName: 'x'.repeat(MAX_BODY_BYTES) })),
        413,
        'body',
      );
      expectRefused(
        await postJson(JSON.stringify({ ...valid, complainantName: 'x'.repeat(1_000_000) })),
        400,
        'complainantName',
      );
      expectRefused(await postJson(overlongUtf8Json('complainantName')), 400, 'body');
      expectRefused(await postJson('{"__proto__":{"isAdmin":true},"complainantName":"x"}'), 400, '__proto__');
      expectRefused(await postJson(JSON.stringify({ ...valid, unknownKey: 'x\u0000' })), 400, 'unknownKey');
      expectRefused(await postJson('"just a string"'), 400);
      expectRefused(await postJson('null'), 400);
      const wrongTypes: [string, unknown][] = [
        ['complainantName', 42],
        ['complainantName', ['a']],
        ['complainantName', { $ne: null }],
        ['contactEmail', true],
        ['items', 'many'],
        ['submit', 'yes'],
        ['identityDocumentIds', ["' OR 1=1 --"]],
      ];
      for (const [field, value] of wrongTypes) {
        const res = await postJson(JSON.stringify({ ...valid, [field]: value }));
        expectRefused(res, 400);
        expect(JSON.stringify(res.json().errors)).toContain(field);
      }
    });
  });

  it('refuses a list of 10,001 items naming items, and 10,001 ids for a counter-notice', async () => {
    const seller = await makeUser(env, 'respondent');
    await refusalsChangeNothing(env, async () => {
      const item = {
        listingUrl: 'https://shop.example/1',
        description: 'x',
        infringementType: 'counterfeit',
        evidenceDocumentIds: [evidence],
      };
      const items = Array.from({ length: 10_001 }, () => item);
      expectRefused(await postJson(JSON.stringify({ items }), `/complaints/${draft}/items`), 400, 'items');
      const res = await env.app.inject({
        method: 'POST',
        url: '/api/v1/counter-notices',
        payload: {
          complaintId: draft,
          itemIds: Array.from({ length: 10_001 }, () => draft),
          contactName: 'x',
          contactEmail: 'x@shop.example',
          statement: 'x',
          evidenceDocumentIds: [evidence],
        },
        headers: seller.auth,
      });
      expectRefused(res, 400, 'itemIds');
    });
  });

  it('refuses NUL and lone surrogates in the query string', async () => {
    for (const q of ['%00', '%ED%A0%80', '%C0%AF', '%F0%80%80%80', '%']) {
      const res = await call(env, filer.user, 'GET', `/complaints?q=a${q}b`);
      expect(res.statusCode, res.body).toBeLessThan(500);
    }
    expectRefused(await call(env, filer.user, 'GET', '/complaints?q=a%00b'), 400, 'q');
    await expectHealthy(env);
  });
});
