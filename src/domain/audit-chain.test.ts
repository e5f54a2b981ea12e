import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChainedFields,
  canonicalEvent,
  canonicalJson,
  chainHash,
  checkLink,
  GENESIS_HASH,
  storedJson,
} from './audit-chain.ts';

const event: ChainedFields = {
  id: 7,
  complaintId: '00000000-0000-4000-8000-000000000001',
  itemId: null,
  counterNoticeId: null,
  actorId: '00000000-0000-4000-8000-000000000002',
  actorRole: 'reviewer',
  action: 'item.forward',
  fromState: 'taken_down',
  toState: 'forwarded',
  reason: 'seed 000 §二(二)3',
  documentIds: ['00000000-0000-4000-8000-000000000003'],
  data: { b: 1, a: [true, null] },
  at: new Date('2026-09-24T02:00:00.007Z'),
};

describe('canonical serialisation of a history event', () => {
  it('sorts object keys at every depth and leaves arrays in order', () => {
    expect(canonicalJson({ b: { d: 1, c: [3, 2] }, a: 'x' })).toBe('{"a":"x","b":{"c":[3,2],"d":1}}');
  });

  it('serialises data as the jsonb column will hold it', () => {
    expect(storedJson({ when: new Date(0), gone: undefined, n: 1 })).toEqual({
      when: '1970-01-01T00:00:00.000Z',
      n: 1,
    });
    expect(storedJson(undefined)).toBeNull();
  });

  it('writes every covered field in a fixed order, the time as ISO with milliseconds', () => {
    expect(canonicalEvent(event)).toBe(
      '[7,"00000000-0000-4000-8000-000000000001",null,null,"00000000-0000-4000-8000-000000000002","reviewer",' +
        '"item.forward","taken_down","forwarded","seed 000 §二(二)3",["00000000-0000-4000-8000-000000000003"],' +
        '{"a":[true,null],"b":1},"2026-09-24T02:00:00.007Z"]',
    );
  });

  it('gives the same text whatever the key order of data', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (data) => {
        const reversed = Object.fromEntries(Object.entries(data).reverse());
        expect(canonicalJson(storedJson(reversed))).toBe(canonicalJson(storedJson(data)));
      }),
    );
  });
});

describe('the hash chain', () => {
  it('is sha256 hex, and changes when any field or the previous hash changes', () => {
    const base = chainHash(GENESIS_HASH, event);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, { ...event })).toBe(base);
    expect(chainHash('1'.repeat(64), event)).not.toBe(base);
    const changed: Partial<ChainedFields>[] = [
      { id: 8 },
      { complaintId: '00000000-0000-4000-8000-000000000009' },
      { itemId: '00000000-0000-4000-8000-000000000009' },
      { counterNoticeId: '00000000-0000-4000-8000-000000000009' },
      { actorId: null },
      { actorRole: 'admin' },
      { action: 'item.forged' },
      { fromState: null },
      { toState: 'upheld' },
      { reason: null },
      { documentIds: [] },
      { data: { b: 2, a: [true, null] } },
      { at: new Date('2026-09-24T02:00:00.008Z') },
    ];
    for (const c of changed) expect(chainHash(GENESIS_HASH, { ...event, ...c }), JSON.stringify(c)).not.toBe(base);
  });

  it('names what is wrong with a link', () => {
    const hash = chainHash(GENESIS_HASH, event);
    expect(checkLink(GENESIS_HASH, { prevHash: GENESIS_HASH, hash }, canonicalEvent(event))).toBeNull();
    expect(checkLink(GENESIS_HASH, { prevHash: null, hash: null }, canonicalEvent(event))).toBe('unsealed');
    expect(checkLink(GENESIS_HASH, { prevHash: 'f'.repeat(64), hash }, canonicalEvent(event))).toBe('prev_hash');
    expect(checkLink(GENESIS_HASH, { prevHash: GENESIS_HASH, hash }, canonicalEvent({ ...event, action: 'x' }))).toBe(
      'hash',
    );
  });
});
