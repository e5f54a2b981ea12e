import { ipRights, powersOfAttorney } from '../db/schema/index.ts';
import type { Actor, Role } from '../domain/roles.ts';
import type { AppContext } from '../server/context.ts';
import type { CreateComplaint, ItemInput } from '../server/schemas/complaints.ts';
import type { DocumentKind } from '../server/schemas/documents.ts';
import { createUser, ensureSeller, findUserByEmail } from '../services/accounts.ts';
import { createComplaint } from '../services/complaints.ts';
import { requestCorrection } from '../services/corrections.ts';
import { insertDocument, inspectUpload } from '../services/documents.ts';

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

const PASSWORD = 'rightsdesk-demo';

interface DemoAccount {
  key: 'brand' | 'artist' | 'agent' | 'seller1' | 'seller2' | 'reviewer' | 'admin';
  email: string;
  name: string;
  role: Role;
  partyKind?: 'individual' | 'enterprise';
  seller?: { externalId: string; name: string };
}

const accounts: readonly DemoAccount[] = [
  {
    key: 'brand',
    email: 'brand@demo.rightsdesk',
    name: 'Aurora Apparel Co., Ltd.',
    role: 'complainant',
    partyKind: 'enterprise',
  },
  { key: 'artist', email: 'artist@demo.rightsdesk', name: 'Chen Xiaoyu', role: 'complainant', partyKind: 'individual' },
  { key: 'agent', email: 'agent@demo.rightsdesk', name: 'Jinghe IP Law Firm', role: 'agent' },
  {
    key: 'seller1',
    email: 'seller1@demo.rightsdesk',
    name: 'Seller of SHOP-1001',
    role: 'respondent',
    seller: { externalId: 'SHOP-1001', name: 'Sunny Sneakers Store' },
  },
  {
    key: 'seller2',
    email: 'seller2@demo.rightsdesk',
    name: 'Seller of SHOP-2002',
    role: 'respondent',
    seller: { externalId: 'SHOP-2002', name: 'Print Paradise' },
  },
  { key: 'reviewer', email: 'reviewer@demo.rightsdesk', name: 'Wang Min (IP team)', role: 'reviewer' },
  { key: 'admin', email: 'admin@demo.rightsdesk', name: 'Platform admin', role: 'admin' },
];

const logins = (): DemoLogin[] => accounts.map((a) => ({ role: a.role, email: a.email, password: PASSWORD }));

/** A one-page PDF whose text names what it stands for. */
function demoPdf(title: string): Buffer {
  const body = [
    '1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj',
    '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj',
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 120]>>endobj',
    `% Rightsdesk demo document: ${title}`,
    'trailer<</Root 1 0 R>>',
    '%%EOF',
  ].join('\n');
  return Buffer.from(`%PDF-1.4\n${body}\n`, 'latin1');
}

/** A 1×1 PNG, standing in for a screenshot of a listing. */
const demoPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Seeds the demo data once (idempotent: nothing happens when the demo admin exists) and returns
 * the demo logins to print. Three complaints show the queue: one submitted and complete against
 * both demo sellers, one awaiting correction, one draft.
 */
export async function seedDemo(ctx: AppContext): Promise<DemoLogin[]> {
  const db = ctx.database.db;
  if (await findUserByEmail(db, 'admin@demo.rightsdesk')) return logins();
  const now = ctx.clock.now();

  await db.transaction(async (tx) => {
    const users = new Map<DemoAccount['key'], Actor>();
    for (const a of accounts) {
      const seller = a.seller ? await ensureSeller(tx, a.seller.externalId, a.seller.name, a.email) : undefined;
      const user = await createUser(tx, {
        email: a.email,
        name: a.name,
        role: a.role,
        password: PASSWORD,
        partyKind: a.partyKind,
        sellerId: seller?.id,
      });
      users.set(a.key, { userId: user.id, role: a.role, sellerId: seller?.id ?? null, scopes: null });
    }
    const actor = (key: DemoAccount['key']) => users.get(key)!;
    const reviewer = actor('reviewer');

    const doc = async (owner: Actor, kind: DocumentKind, fileName: string, bytes: Buffer) => {
      const inspected = await inspectUpload(bytes);
      const storageKey = await ctx.files.put(bytes);
      const row = await insertDocument(tx, {
        ownerId: owner.userId,
        kind,
        fileName,
        doNotForward: false,
        inspected,
        storageKey,
        createdAt: now,
      });
      return row.id;
    };
    const verified = { verification: 'verified' as const, verifiedBy: reviewer.userId, verifiedAt: now };

    // The brand: licence, a verified trademark and screenshots of two sellers' listings.
    const brand = actor('brand');
    const brandLicence = await doc(brand, 'business_licence', 'business-licence.pdf', demoPdf('business licence'));
    const certificate = await doc(brand, 'registration_certificate', 'tm-certificate.pdf', demoPdf('TM 12345678'));
    const [trademark] = await tx
      .insert(ipRights)
      .values({
        holderId: brand.userId,
        type: 'trademark',
        registrationNumber: '12345678',
        jurisdiction: 'CN',
        ownerName: 'Aurora Apparel Co., Ltd.',
        validFrom: '2019-03-14',
        validTo: '2029-03-13',
        classes: ['25'],
        subject: 'AURORA (word mark) for clothing and footwear',
        documentIds: [certificate],
        createdAt: now,
        ...verified,
      })
      .returning();
    const screenshot = (owner: Actor, name: string) => doc(owner, 'evidence', name, demoPng);
    const brandItems: ItemInput[] = [
      {
        listingUrl: 'https://marketplace.example/listing/SS-88231',
        listingExternalId: 'SS-88231',
        sellerExternalId: 'SHOP-1001',
        sellerName: 'Sunny Sneakers Store',
        title: 'AURORA running shoes, 70% off',
        description: 'Counterfeit AURORA shoes: our word mark on the tongue and box; we never supplied this shop.',
        infringementType: 'counterfeit',
        rightId: trademark!.id,
        evidenceDocumentIds: [await screenshot(brand, 'SS-88231.png')],
      },
      {
        listingUrl: 'https://marketplace.example/listing/PP-4410',
        listingExternalId: 'PP-4410',
        sellerExternalId: 'SHOP-2002',
        sellerName: 'Print Paradise',
        title: 'Aurora-style print-on-demand hoodie',
        description: 'Uses the AURORA mark as the hoodie print without licence.',
        infringementType: 'trademark_misuse',
        rightId: trademark!.id,
        evidenceDocumentIds: [await screenshot(brand, 'PP-4410.png')],
      },
    ];
    const filing = (over: Partial<CreateComplaint>): CreateComplaint => ({
      complainantKind: 'enterprise',
      complainantName: 'Aurora Apparel Co., Ltd.',
      contactEmail: 'ip@aurora.example',
      identityDocumentIds: [],
      rightIds: [],
      ownershipDocumentIds: [],
      jurisdiction: 'CN',
      items: [],
      submit: false,
      ...over,
    });
    await createComplaint(
      tx,
      brand,
      filing({
        contactPhone: '+86 21 6888 0000',
        identityDocumentIds: [brandLicence],
        rightIds: [trademark!.id],
        statement: { signerName: 'Zhou Lan, legal counsel', accepted: true, textVersion: 'v1' },
        items: brandItems,
        submit: true,
      }),
      now,
    );

    // The artist: a copyright shown by evidence of originality; filed without a phone → correction.
    const artist = actor('artist');
    const idCard = await doc(artist, 'id_document', 'id-card.pdf', demoPdf('identity card copy'));
    const sketches = await doc(artist, 'evidence', 'original-sketches.pdf', demoPdf('dated original sketches'));
    const [copyright] = await tx
      .insert(ipRights)
      .values({
        holderId: artist.userId,
        type: 'copyright',
        jurisdiction: 'CN',
        ownerName: 'Chen Xiaoyu',
        subject: 'Illustration "Crane at Dawn" (2023)',
        documentIds: [sketches],
        createdAt: now,
      })
      .returning();
    const incomplete = await createComplaint(
      tx,
      artist,
      filing({
        complainantKind: 'individual',
        complainantName: 'Chen Xiaoyu',
        contactEmail: 'chen.xiaoyu@example.com',
        identityDocumentIds: [idCard],
        rightIds: [copyright!.id],
        statement: { signerName: 'Chen Xiaoyu', accepted: true, textVersion: 'v1' },
        items: [
          {
            listingUrl: 'https://marketplace.example/listing/PP-5120',
            sellerExternalId: 'SHOP-2002',
            sellerName: 'Print Paradise',
            title: 'Crane poster A2',
            description: 'My illustration printed as a poster without permission.',
            infringementType: 'copyright',
            rightId: copyright!.id,
            evidenceDocumentIds: [await screenshot(artist, 'PP-5120.png')],
          },
        ],
        submit: true,
      }),
      now,
    );
    await requestCorrection(tx, incomplete, reviewer, now, {
      message: 'Please add a contact telephone number (seed 000 §二(一)2(1)).',
    });

    // The agent: a power of attorney from a toy maker, and a draft in progress.
    const agent = actor('agent');
    const principalLicence = await doc(agent, 'business_licence', 'lumen-licence.pdf', demoPdf('Lumen licence'));
    const toyCertificate = await doc(agent, 'registration_certificate', 'lumen-tm.pdf', demoPdf('TM 87654321'));
    const [toyMark] = await tx
      .insert(ipRights)
      .values({
        holderId: agent.userId,
        type: 'trademark',
        registrationNumber: '87654321',
        jurisdiction: 'CN',
        ownerName: 'Lumen Toys Co., Ltd.',
        validFrom: '2021-07-01',
        validTo: '2031-06-30',
        classes: ['28'],
        subject: 'LUMEN (figurative mark) for toys',
        documentIds: [toyCertificate],
        createdAt: now,
        ...verified,
      })
      .returning();
    const poaScan = await doc(agent, 'power_of_attorney', 'power-of-attorney.pdf', demoPdf('power of attorney'));
    const [poa] = await tx
      .insert(powersOfAttorney)
      .values({
        agentId: agent.userId,
        principalName: 'Lumen Toys Co., Ltd.',
        scope: 'Filing and handling infringement complaints on the marketplace for the LUMEN marks',
        rightIds: [toyMark!.id],
        validFrom: '2024-01-01',
        validTo: '2027-12-31',
        documentId: poaScan,
        createdAt: now,
        ...verified,
      })
      .returning();
    await createComplaint(
      tx,
      agent,
      filing({
        complainantName: 'Lumen Toys Co., Ltd.',
        contactEmail: 'lumen@jinghe-law.example',
        contactPhone: '+86 10 6500 1234',
        identityDocumentIds: [principalLicence],
        rightIds: [toyMark!.id],
        powerOfAttorneyId: poa!.id,
        items: [
          {
            listingExternalId: 'SS-90017',
            sellerExternalId: 'SHOP-1001',
            title: 'LUMEN glow cube (copy)',
            description: 'Copies of the LUMEN glow cube with our mark on the packaging.',
            infringementType: 'counterfeit',
            rightId: toyMark!.id,
            evidenceDocumentIds: [await screenshot(agent, 'SS-90017.png')],
          },
        ],
      }),
      now,
    );
  });
  return logins();
}
