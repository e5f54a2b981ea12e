import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, fileCompleteComplaint, ok, upload } from '../support/case-factories.ts';
import { makeDocument, makeRight } from '../support/factories.ts';
import { makeUser, startTestApp, type TestEnv, type TestUser } from '../support/harness.ts';
import {
  expectHealthy,
  expectRefused,
  getPath,
  inertStrings,
  refusedStrings,
  rowCounts,
  setPath,
} from '../support/hostile.ts';

/**
 * SPEC §8 and issue 9 item 6: every text field of every create route refuses NUL, lone surrogates
 * and control characters with 400 naming the field and changing nothing, and stores injection
 * attempts inertly — returned byte-identical as JSON, never interpreted.
 */
// This file sends many bad bodies as one actor on purpose; the limiter has its own test (security.test.ts).
process.env.RIGHTSDESK_RATE_LIMIT_COMPLAINTS = '0';
let env: TestEnv;
let complainant: TestUser;
let agent: TestUser;
let admin: TestUser;
let seller: TestUser;
let agentRight: string;
let forwardedComplaint: string;
let forwardedItems: string[];
let counterEvidence: string[];

beforeAll(async () => {
  env = await startTestApp({}, { calendars: true });
  complainant = await makeUser(env, 'complainant');
  agent = await makeUser(env, 'agent');
  admin = await makeUser(env, 'admin');
  const reviewer = await makeUser(env, 'reviewer');
  seller = await makeUser(env, 'respondent', { sellerExternalId: 'SHOP-HOSTILE' });
  agentRight = await makeRight(env, agent);
  // One forwarded item per counter-notice the test files.
  const filed = await fileCompleteComplaint(env, complainant, reviewer, [
    { externalId: 'SHOP-HOSTILE', items: inertStrings.length },
  ]);
  forwardedComplaint = filed.complaintId;
  await ok(await api(env, reviewer, 'POST', `/complaints/${filed.complaintId}/accept`, {}));
  const view = await ok(await api(env, seller, 'GET', `/respondent/complaints/${filed.complaintId}`));
  forwardedItems = view.items.map((i: { id: string }) => i.id);
  counterEvidence = await Promise.all(inertStrings.map(() => upload(env, seller, 'counter_evidence')));
}, 120_000);
afterAll(async () => env.close());

interface CreateRoute {
  name: string;
  url: string;
  as: () => TestUser;
  /** A valid body; `n` makes unique what must be (e-mails, items). */
  body: (n: number) => Promise<Record<string, unknown>>;
  /** Every free-text field of the body, as paths. */
  fields: string[];
  /** Where each field is read back: the created resource, or a path in it when renamed. */
  readBack: (created: Record<string, unknown>) => Promise<unknown>;
  readPath?: Record<string, string>;
}

let unique = 0;
const routes: CreateRoute[] = [
  {
    name: 'complaints (and their items)',
    url: '/complaints',
    as: () => complainant,
    body: async () => ({
      complainantKind: 'enterprise',
      complainantName: 'Brand Co.',
      contactEmail: 'ip@brand.example',
      statement: { signerName: 'Li Lei', accepted: true, textVersion: 'v1' },
      items: [
        {
          listingUrl: 'https://shop.example/1',
          listingExternalId: 'L-1',
          sellerExternalId: 'S-1',
          sellerName: 'Shop',
          title: 'Fake',
          description: 'Counterfeit',
          infringementType: 'counterfeit',
          evidenceDocumentIds: [await makeDocument(env, complainant)],
        },
      ],
    }),
    fields: [
      'complainantName',
      'statement.signerName',
      'statement.textVersion',
      'items.0.listingExternalId',
      'items.0.sellerExternalId',
      'items.0.sellerName',
      'items.0.title',
      'items.0.description',
    ],
    readBack: async (c) => ({
      ...c,
      items: (await ok(await api(env, complainant, 'GET', `/complaints/${c.id}/items`))).data,
    }),
  },
  {
    name: 'ip-rights',
    url: '/ip-rights',
    as: () => complainant,
    body: async () => ({
      type: 'copyright',
      registrationNumber: 'R-1',
      jurisdiction: 'CN',
      ownerName: 'Brand Co.',
      subject: 'A photograph',
      documentIds: [await makeDocument(env, complainant, 'registration_certificate')],
    }),
    fields: ['registrationNumber', 'ownerName', 'subject'],
    readBack: async (r) => ok(await api(env, complainant, 'GET', `/ip-rights/${r.id}`)),
  },
  {
    name: 'powers-of-attorney',
    url: '/powers-of-attorney',
    as: () => agent,
    body: async () => ({
      principalName: 'Brand Co.',
      scope: 'file complaints',
      rightIds: [agentRight],
      validFrom: '2024-01-01',
      documentId: await makeDocument(env, agent, 'power_of_attorney'),
    }),
    fields: ['principalName', 'scope'],
    readBack: async (p) => ok(await api(env, agent, 'GET', `/powers-of-attorney/${p.id}`)),
  },
  {
    name: 'counter-notices',
    url: '/counter-notices',
    as: () => seller,
    body: async (n) => ({
      itemIds: [forwardedItems[n % forwardedItems.length]],
      contactName: 'Shop',
      contactEmail: 'shop@shop.example',
      statement: 'Genuine goods.',
      evidenceDocumentIds: [counterEvidence[n % counterEvidence.length]],
    }),
    fields: ['contactName', 'statement'],
    readBack: async (c) => ok(await api(env, seller, 'GET', `/counter-notices/${c.id}`)),
  },
  {
    name: 'users',
    url: '/users',
    as: () => admin,
    body: async () => ({
      email: `hostile${++unique}@example.test`,
      name: 'Someone',
      role: 'respondent',
      password: 'correct horse battery staple',
      sellerExternalId: `S-H-${unique}`,
      sellerName: 'Shop',
    }),
    fields: ['name', 'sellerExternalId', 'sellerName'],
    // The seller's fields are not part of the user resource; the name is.
    readBack: async (u) => ({ name: u.name }),
  },
  {
    name: 'api-keys',
    url: '/api-keys',
    as: () => complainant,
    body: async () => ({ name: 'integration', scopes: ['complaints:read'] }),
    fields: ['name'],
    readBack: async (k) => k,
    readPath: { name: 'apiKey.name' },
  },
];

/** The counter-notice needs the complaint of its items, known only after setup. */
async function bodyFor(route: CreateRoute, n: number) {
  const body = await route.body(n);
  if (route.url === '/counter-notices') body.complaintId = forwardedComplaint;
  return body;
}

describe('hostile text in every create route', () => {
  for (const route of routes) {
    it(`${route.name}: refuses NUL, lone surrogates and control characters in each field, changing nothing`, async () => {
      const before = await rowCounts(env);
      for (const field of route.fields) {
        for (const bad of refusedStrings) {
          const body = await bodyFor(route, 0);
          setPath(body, field, bad.value);
          const res = await api(env, route.as(), 'POST', route.url, body);
          expectRefused(res, 400, field);
        }
      }
      // Documents made for the bodies are the only rows these requests may leave behind.
      const after = await rowCounts(env);
      expect({ ...after, documents: 0 }).toEqual({ ...before, documents: 0 });
      await expectHealthy(env);
    });

    it(`${route.name}: stores injection strings inertly and returns them byte-identical`, async () => {
      for (const [n, hostile] of inertStrings.entries()) {
        const body = await bodyFor(route, n);
        for (const field of route.fields) setPath(body, field, hostile);
        const res = await api(env, route.as(), 'POST', route.url, body);
        expect(res.statusCode, `${hostile}: ${res.body}`).toBe(201);
        expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
        const stored = await route.readBack(res.json());
        for (const field of route.fields) {
          const readPath = route.readPath?.[field] ?? field;
          if (readPath === 'sellerExternalId' || readPath === 'sellerName') continue;
          expect(getPath(stored, readPath), `${route.name} ${field}`).toBe(hostile);
        }
      }
      await expectHealthy(env);
    });
  }

  it('refuses an unsafe listing URL and a hostile e-mail, naming the field', async () => {
    const route = routes[0] as CreateRoute;
    for (const [field, value] of [
      ['items.0.listingUrl', 'javascript:alert(1)'],
      ['items.0.listingUrl', 'file:///etc/passwd'],
      ['contactEmail', '<script>@example.test'],
      ['contactEmail', "a'; DROP TABLE users;--@x"],
    ] as const) {
      const body = await route.body(0);
      setPath(body, field, value);
      expectRefused(await api(env, complainant, 'POST', '/complaints', body), 400, field);
    }
  });

  it('keeps the tables intact after all of it', async () => {
    const counts = await rowCounts(env);
    expect(counts.users).toBeGreaterThan(0);
    expect(counts.complaints).toBeGreaterThan(0);
    await expectHealthy(env);
  });
});
