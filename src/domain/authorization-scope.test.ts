import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PowerOfAttorneyTerms, poaCovers } from './authorization-scope.ts';

const poa = (over: Partial<PowerOfAttorneyTerms> = {}): PowerOfAttorneyTerms => ({
  rightIds: ['r1', 'r2'],
  validFrom: '2025-01-01',
  validTo: '2025-12-31',
  verification: 'verified',
  ...over,
});

describe('poaCovers', () => {
  it('covers the rights it names within its validity, both ends included', () => {
    expect(poaCovers(poa(), ['r1'], '2025-01-01')).toEqual({ ok: true });
    expect(poaCovers(poa(), ['r1', 'r2'], '2025-12-31')).toEqual({ ok: true });
  });

  it('covers from its start with no end date', () => {
    expect(poaCovers(poa({ validTo: null }), ['r2'], '2099-06-30')).toEqual({ ok: true });
  });

  it('covers nothing before it starts or after it ends', () => {
    expect(poaCovers(poa(), ['r1'], '2024-12-31')).toEqual({
      ok: false,
      reason: 'the power of attorney is valid only from 2025-01-01',
    });
    expect(poaCovers(poa(), ['r1'], '2026-01-01')).toEqual({
      ok: false,
      reason: 'the power of attorney expired on 2025-12-31',
    });
  });

  it('names the rights it does not cover', () => {
    const result = poaCovers(poa(), ['r1', 'r3', 'r4', 'r3'], '2025-06-01');
    expect(result).toEqual({ ok: false, reason: 'the power of attorney does not name the IP right(s) r3, r4' });
  });

  it('covers nothing once the reviewer rejected it, even rights it names', () => {
    expect(poaCovers(poa({ verification: 'rejected' }), ['r1'], '2025-06-01').ok).toBe(false);
  });

  it('covers what it names while still unverified, as the reviewer checks it with the complaint', () => {
    expect(poaCovers(poa({ verification: 'unverified' }), ['r1'], '2025-06-01')).toEqual({ ok: true });
  });

  it('does not cover a complaint citing no right', () => {
    expect(poaCovers(poa(), [], '2025-06-01')).toEqual({ ok: false, reason: 'no IP right is cited' });
  });

  it('refuses a date that is not an ISO date', () => {
    expect(() => poaCovers(poa(), ['r1'], '01/06/2025')).toThrow(RangeError);
  });

  it('covers a set of rights exactly when it covers each of them', () => {
    const ids = fc.constantFrom('r1', 'r2', 'r3', 'r4');
    const day = fc
      .integer({ min: 0, max: 3000 })
      .map((n) => new Date(Date.UTC(2023, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.uniqueArray(ids, { minLength: 1 }), fc.array(ids, { minLength: 1 }), day, (named, asked, on) => {
        const terms = poa({ rightIds: named });
        const all = poaCovers(terms, asked, on).ok;
        expect(all).toBe(asked.every((id) => poaCovers(terms, [id], on).ok));
      }),
    );
  });
});
