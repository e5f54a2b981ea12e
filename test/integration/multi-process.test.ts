import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { type Role, scopes } from '../../src/domain/roles.ts';
import { createApiKey, createUser, ensureSeller } from '../../src/services/accounts.ts';
import { ensureCalendarsSeeded } from '../../src/services/deadlines.ts';
import { openTestDatabase } from '../support/harness.ts';
import { multipart, pdf } from '../support/sample-files.ts';

/**
 * docs/scaling.md: two app processes and three worker processes against one PostgreSQL database.
 * A complaint lives its whole life over real HTTP, each step through whichever app process, and
 * every deadline fires once although three workers race for it.
 */
const onPostgres = process.env.RIGHTSDESK_TEST_DB === 'postgres';

const children: ChildProcess[] = [];
let database: Database;
let filesDir: string;
let apps: string[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts `node bin/rightsdesk.js …args` and resolves once its output contains `ready`. */
function start(args: string[], env: Record<string, string>, ready: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/rightsdesk.js', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    const onData = (d: Buffer) => {
      out += String(d);
      if (out.includes(ready)) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${out.slice(-2000)}`)));
  });
}

async function run(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/rightsdesk.js', ...args], {
      env: { ...process.env, ...env },
      stdio: 'pipe',
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.on('exit', (code) => resolve({ code: code ?? -1, out }));
  });
}

interface User {
  id: string;
  sellerId: string | null;
  auth: { authorization: string };
}

/** As the harness's makeUser, against the shared database: a user with a full-scope API key. */
async function user(role: Role, sellerExternalId?: string): Promise<User> {
  const db = database.db;
  const tag = `${role}${Math.random().toString(36).slice(2, 8)}`;
  const seller = sellerExternalId ? await ensureSeller(db, sellerExternalId, `Shop ${sellerExternalId}`) : undefined;
  const created = await createUser(db, {
    email: `${tag}@example.test`,
    name: `User ${tag}`,
    role,
    password: 'correct horse battery staple',
    partyKind: role === 'complainant' ? 'enterprise' : undefined,
    sellerId: seller?.id,
  });
  const { key } = await createApiKey(db, created.id, 'multi-process', scopes);
  return { id: created.id, sellerId: seller?.id ?? null, auth: { authorization: `Bearer ${key}` } };
}

/** One API call over real HTTP to app process `app` (0 or 1); expects `status` and returns the JSON. */
async function call(app: number, who: User, method: string, path: string, body?: unknown, status = 200) {
  const res = await fetch(`${apps[app]}/api/v1${path}`, {
    method,
    headers: { ...who.auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text}`).toBe(status);
  return text ? JSON.parse(text) : null;
}

async function upload(app: number, who: User, kind: string): Promise<string> {
  const form = multipart({ kind, doNotForward: 'false' }, { filename: `${kind}.pdf`, bytes: pdf(kind) });
  const res = await fetch(`${apps[app]}/api/v1/documents`, {
    method: 'POST',
    headers: { ...who.auth, ...form.headers },
    body: form.payload,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const rows = <T>(res: unknown) => (res as { rows: T[] }).rows;

describe('several app and worker processes on one PostgreSQL database (docs/scaling.md)', () => {
  beforeAll(async () => {
    if (!onPostgres) return;
    database = await openTestDatabase();
    // Loaded once here, so the five processes do not all load the official calendars at once.
    await ensureCalendarsSeeded(database.db);
    filesDir = mkdtempSync(join(tmpdir(), 'rightsdesk-shared-files-'));
    const env = {
      DATABASE_URL: database.url!,
      RIGHTSDESK_TEST_CLOCK: '1',
      // Files on storage every process shares (docs/scaling.md).
      RIGHTSDESK_FILES_DIR: filesDir,
      RIGHTSDESK_DATA_DIR: filesDir,
      RIGHTSDESK_INSECURE_COOKIES: '1',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    const ports = [await freePort(), await freePort()];
    apps = ports.map((p) => `http://127.0.0.1:${p}`);
    await Promise.all([
      ...ports.map((p) => start(['serve'], { ...env, PORT: String(p) }, 'Rightsdesk is running')),
      ...[1, 2, 3].map(() => start(['worker'], env, '"started"')),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve(null);
            c.once('exit', resolve);
            c.kill('SIGTERM');
            setTimeout(() => c.kill('SIGKILL'), 5_000).unref();
          }),
      ),
    );
    await database?.close();
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  }, 30_000);

  it.runIf(onPostgres)(
    'takes a complaint through its whole life, each deadline firing once, and keeps the audit chain whole',
    async () => {
      const complainant = await user('complainant');
      const reviewer = await user('reviewer');
      const admin = await user('admin');
      const sellerA = await user('respondent', `MP-A-${Math.random().toString(36).slice(2, 8)}`);
      const sellerB = await user('respondent', `MP-B-${Math.random().toString(36).slice(2, 8)}`);
      const externalId = async (s: User) =>
        rows<{ external_id: string }>(
          await database.db.execute(sql`SELECT external_id FROM sellers WHERE id = ${s.sellerId}`),
        )[0]!.external_id;

      // Filed through app 1; the right verified and the complaint accepted through app 2.
      const licence = await upload(0, complainant, 'business_licence');
      const certificate = await upload(0, complainant, 'registration_certificate');
      const right = await call(
        0,
        complainant,
        'POST',
        '/ip-rights',
        {
          type: 'trademark',
          registrationNumber: `TM-${Math.floor(Math.random() * 1e9)}`,
          jurisdiction: 'CN',
          ownerName: 'Brand Co., Ltd.',
          classes: ['25'],
          documentIds: [certificate],
        },
        201,
      );
      await call(1, reviewer, 'POST', `/ip-rights/${right.id}/verification`, { decision: 'verified', note: 'ok' });
      const items = [];
      for (const seller of [sellerA, sellerB]) {
        const evidence = await upload(0, complainant, 'evidence');
        items.push({
          listingUrl: `https://shop.example/${seller.id}/listing`,
          sellerExternalId: await externalId(seller),
          title: 'Counterfeit sneaker',
          description: 'Fake logo on the tongue.',
          infringementType: 'counterfeit',
          rightId: right.id,
          evidenceDocumentIds: [evidence],
        });
      }
      const complaint = await call(
        0,
        complainant,
        'POST',
        '/complaints',
        {
          complainantKind: 'enterprise',
          complainantName: 'Brand Co., Ltd.',
          contactEmail: 'ip@brand.example',
          contactPhone: '+86 21 5555 0100',
          identityDocumentIds: [licence],
          rightIds: [right.id],
          ownershipDocumentIds: [certificate],
          jurisdiction: 'CN',
          statement: { signerName: 'Li Lei', accepted: true, textVersion: '2026-01' },
          items,
          submit: true,
        },
        201,
      );
      await call(1, reviewer, 'POST', `/complaints/${complaint.id}/accept`, { note: 'complete' });

      // Seller A disputes its listing through app 1; the reviewer forwards the counter-notice through app 2.
      const view = await call(0, sellerA, 'GET', `/respondent/complaints/${complaint.id}`);
      const counterEvidence = await upload(0, sellerA, 'counter_evidence');
      const cn = await call(
        0,
        sellerA,
        'POST',
        '/counter-notices',
        {
          complaintId: complaint.id,
          itemIds: view.items.map((i: { id: string }) => i.id),
          contactName: 'Shop A Ltd.',
          contactEmail: 'legal@shop-a.example',
          statement: 'Genuine goods bought from the brand’s authorised distributor; invoices attached.',
          evidenceDocumentIds: [counterEvidence],
        },
        201,
      );
      await call(1, reviewer, 'POST', `/counter-notices/${cn.id}/forward`);

      // 40 days on: seller B's counter-notice window and seller A's legal-action window both end.
      await call(1, admin, 'POST', '/test-clock/advance', { seconds: 40 * 86_400 });
      const settled = async () => {
        const list = await call(0, reviewer, 'GET', `/complaints/${complaint.id}/items?limit=10`);
        return (list.data as { sellerExternalId: string; status: string }[]).map((i) => i.status).sort();
      };
      const until = Date.now() + 45_000;
      let statuses = await settled();
      while (statuses.join() !== 'restored,upheld' && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 500));
        statuses = await settled();
      }
      expect(statuses).toEqual(['restored', 'upheld']);

      // Each deadline fired once: none is left due, and no item transition is in the history twice.
      const deadlineRows = rows<{ kind: string; status: string; fired_by: string | null }>(
        await database.db.execute(sql`
          SELECT kind, status, fired_by FROM deadlines WHERE complaint_id = ${complaint.id} ORDER BY created_at`),
      );
      const fired = deadlineRows.filter((d) => d.status === 'fired');
      expect(fired.map((d) => d.kind).sort()).toEqual(
        expect.arrayContaining(['counter_notice_window', 'legal_action_window']),
      );
      expect(deadlineRows.filter((d) => d.status === 'pending')).toEqual([]);
      expect(fired.every((d) => d.fired_by?.startsWith('worker-'))).toBe(true);
      const twice = rows(
        await database.db.execute(sql`
          SELECT item_id, action, count(*) FROM history_events
           WHERE complaint_id = ${complaint.id} AND item_id IS NOT NULL
           GROUP BY item_id, action HAVING count(*) > 1`),
      );
      expect(twice).toEqual([]);
      const expired = rows<{ action: string; n: number }>(
        await database.db.execute(sql`
          SELECT action, count(*)::int AS n FROM history_events
           WHERE complaint_id = ${complaint.id} AND action IN ('item.counter_window_expired', 'item.legal_window_expired')
           GROUP BY action ORDER BY action`),
      );
      expect(expired).toEqual([
        { action: 'item.counter_window_expired', n: 1 },
        { action: 'item.legal_window_expired', n: 1 },
      ]);

      // Five processes appended to the history; the chain is still one line.
      const verify = await run(['audit', 'verify'], { DATABASE_URL: database.url! });
      expect(verify.code, verify.out).toBe(0);
      expect(JSON.parse(verify.out.trim().split('\n').pop()!)).toMatchObject({ ok: true });
    },
    120_000,
  );
});
