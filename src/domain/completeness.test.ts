import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CompletenessFacts,
  type CompletenessInput,
  type CompletenessItem,
  checkCompleteness,
} from './completeness.ts';

const item = (position: number, over: Partial<CompletenessItem> = {}): CompletenessItem => ({
  position,
  listingUrl: `https://shop.example.test/${position}`,
  listingExternalId: null,
  description: 'Fake of our product',
  rightId: 'right-1',
  evidenceDocumentIds: [`ev-${position}`],
  ...over,
});

const complete = (over: Partial<CompletenessInput> = {}): CompletenessInput => ({
  filedByAgent: false,
  complainantKind: 'enterprise',
  contactEmail: 'ip@brand.example',
  contactPhone: '+86 21 5555 0000',
  identityDocumentIds: ['licence'],
  rightIds: ['right-1'],
  ownershipDocumentIds: [],
  powerOfAttorneyId: null,
  statement: { signerName: 'Li Hua', textVersion: 'v1', signedAt: '2025-06-01T02:00:00Z' },
  items: [item(0), item(1)],
  ...over,
});

const facts = (over: Partial<CompletenessFacts> = {}): CompletenessFacts => ({
  documents: new Map([
    ['licence', 'business_licence'],
    ['idcard', 'id_document'],
    ['originality', 'evidence'],
    ['ev-0', 'evidence'],
    ['ev-1', 'evidence'],
    ['ev-2', 'evidence'],
  ]),
  rights: new Map([
    ['right-1', { verification: 'verified', validTo: '2030-12-31' }],
    ['right-2', { verification: 'unverified', validTo: null }],
  ]),
  powerOfAttorney: null,
  onDate: '2025-06-01',
  ...over,
});

const codes = (input: CompletenessInput, f = facts()) => checkCompleteness(input, f).map((e) => e.code);
const fields = (input: CompletenessInput, f = facts()) => checkCompleteness(input, f).map((e) => e.field);

describe('checkCompleteness', () => {
  it('finds nothing missing in a complete complaint', () => {
    expect(checkCompleteness(complete(), facts())).toEqual([]);
  });

  describe('seed 000 §二(一)2(1): identification and contact', () => {
    it('asks an enterprise for its business licence', () => {
      const found = checkCompleteness(complete({ identityDocumentIds: [] }), facts());
      expect(found).toEqual([expect.objectContaining({ code: 'identity_document', field: 'identityDocumentIds' })]);
      expect(found[0]!.message).toContain('business licence');
    });

    it('asks an individual for an ID card or passport, and does not take a business licence instead', () => {
      const found = checkCompleteness(complete({ complainantKind: 'individual' }), facts());
      expect(found.map((e) => e.code)).toEqual(['identity_document']);
      expect(found[0]!.message).toContain('identity card or passport');
      expect(found[0]!.message).toContain('business_licence');
      expect(codes(complete({ complainantKind: 'individual', identityDocumentIds: ['idcard'] }))).toEqual([]);
    });

    it('does not take an identity card for an enterprise', () => {
      expect(codes(complete({ identityDocumentIds: ['idcard'] }))).toEqual(['identity_document']);
    });

    it('names a cited document that does not exist or is not the filer’s', () => {
      expect(fields(complete({ identityDocumentIds: ['licence', 'gone'] }))).toEqual(['identityDocumentIds.1']);
    });

    it('asks for the contact e-mail and the contact telephone', () => {
      expect(fields(complete({ contactEmail: null, contactPhone: ' ' }))).toEqual(['contactEmail', 'contactPhone']);
    });
  });

  describe('seed 000 §二(一)2(2): proof of ownership and the power of attorney', () => {
    it('asks for a cited right or evidence of originality', () => {
      expect(codes(complete({ rightIds: [], items: [item(0, { rightId: null })] }))).toEqual(['ownership_proof']);
    });

    it('takes evidence of originality instead of a registered right (§二(一)2(2)a)', () => {
      const input = complete({
        rightIds: [],
        ownershipDocumentIds: ['originality'],
        items: [item(0, { rightId: null })],
      });
      expect(codes(input)).toEqual([]);
    });

    it('does not count a rejected, expired or unknown right', () => {
      const f = facts({
        rights: new Map([
          ['rejected', { verification: 'rejected', validTo: null }],
          ['expired', { verification: 'verified', validTo: '2025-05-31' }],
        ]),
      });
      const input = complete({ rightIds: ['rejected', 'expired', 'unknown'], items: [item(0, { rightId: null })] });
      const found = checkCompleteness(input, f);
      expect(found.map((e) => e.field)).toEqual(['rightIds.0', 'rightIds.1', 'rightIds.2', 'rightIds']);
      expect(found[1]!.message).toContain('expired on 2025-05-31');
    });

    it('counts a right on the last day of its validity', () => {
      const f = facts({ rights: new Map([['right-1', { verification: 'verified', validTo: '2025-06-01' }]]) });
      expect(codes(complete(), f)).toEqual([]);
    });

    it('asks an agent for a power of attorney (§二(一)2(2)b)', () => {
      expect(codes(complete({ filedByAgent: true }))).toEqual(['power_of_attorney']);
      expect(codes(complete({ filedByAgent: true, powerOfAttorneyId: 'poa-x' }))).toEqual(['power_of_attorney']);
    });

    it('asks for a power of attorney that covers every cited right on the submission date', () => {
      const poa = {
        rightIds: ['right-1'],
        validFrom: '2025-01-01',
        validTo: '2025-12-31',
        verification: 'verified',
      } as const;
      const agent = complete({ filedByAgent: true, powerOfAttorneyId: 'poa-1' });
      expect(codes(agent, facts({ powerOfAttorney: poa }))).toEqual([]);
      const twoRights = { ...agent, rightIds: ['right-1', 'right-2'] };
      const narrow = checkCompleteness(twoRights, facts({ powerOfAttorney: poa }));
      expect(narrow).toEqual([
        expect.objectContaining({ code: 'power_of_attorney_scope', field: 'powerOfAttorneyId' }),
      ]);
      expect(narrow[0]!.message).toContain('right-2');
      expect(codes(agent, facts({ powerOfAttorney: poa, onDate: '2026-01-01' }))).toEqual(['power_of_attorney_scope']);
      expect(codes(agent, facts({ powerOfAttorney: { ...poa, verification: 'rejected' } }))).toEqual([
        'power_of_attorney_scope',
      ]);
    });

    it('does not ask the owner itself for a power of attorney', () => {
      expect(codes(complete({ filedByAgent: false, powerOfAttorneyId: null }))).toEqual([]);
    });
  });

  describe('seed 000 §二(一)2(3): details of each infringement, each with its own evidence', () => {
    it('asks for at least one listing', () => {
      expect(fields(complete({ items: [] }))).toEqual(['items']);
    });

    it('names the item that lacks its link, its description or its evidence', () => {
      const input = complete({
        items: [
          item(0),
          item(1, { listingUrl: null, listingExternalId: null }),
          item(2, { description: '  ' }),
          item(3, { evidenceDocumentIds: [] }),
          item(4, { evidenceDocumentIds: ['not-mine'] }),
        ],
      });
      expect(fields(input)).toEqual([
        'items.1.listingUrl',
        'items.2.description',
        'items.3.evidenceDocumentIds',
        'items.4.evidenceDocumentIds',
      ]);
    });

    it('takes a listing id instead of a link', () => {
      expect(codes(complete({ items: [item(0, { listingUrl: null, listingExternalId: 'L-1' })] }))).toEqual([]);
    });

    it('names an item whose right the complaint no longer cites', () => {
      expect(fields(complete({ items: [item(0, { rightId: 'right-2' })] }))).toEqual(['items.0.rightId']);
    });

    it('lists at most the configured number of item entries and sums up the rest', () => {
      const many = Array.from({ length: 250 }, (_, i) => item(i, { evidenceDocumentIds: [] }));
      const found = checkCompleteness(complete({ items: many }), facts(), { maxItemEntries: 100 });
      expect(found).toHaveLength(101);
      expect(found.at(-1)).toMatchObject({ code: 'more', field: 'items' });
      expect(found.at(-1)!.message).toContain('150 more');
    });
  });

  describe('seed 000 §二(一)2(4): the statement of authenticity', () => {
    it('asks for the signed statement', () => {
      expect(fields(complete({ statement: null }))).toEqual(['statement']);
      expect(fields(complete({ statement: { signerName: ' ', textVersion: 'v1', signedAt: 'x' } }))).toEqual([
        'statement',
      ]);
    });
  });

  it('seed 000 §二(二)1: names every missing thing at once, each with a field and a message', () => {
    fc.assert(
      fc.property(
        fc.record({
          email: fc.boolean(),
          phone: fc.boolean(),
          identity: fc.boolean(),
          right: fc.boolean(),
          statement: fc.boolean(),
          evidence: fc.boolean(),
        }),
        (has) => {
          const input = complete({
            contactEmail: has.email ? 'a@b.example' : null,
            contactPhone: has.phone ? '+86 21 5555 0000' : null,
            identityDocumentIds: has.identity ? ['licence'] : [],
            rightIds: has.right ? ['right-1'] : [],
            statement: has.statement ? complete().statement : null,
            items: [item(0, { rightId: null, evidenceDocumentIds: has.evidence ? ['ev-0'] : [] })],
          });
          const found = checkCompleteness(input, facts());
          const missing = Object.values(has).filter((v) => !v).length;
          expect(found).toHaveLength(missing);
          for (const e of found) {
            expect(e.field).not.toBe('');
            expect(e.message.length).toBeGreaterThan(5);
          }
        },
      ),
    );
  });
});
