import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isForwardable, REDACTED, redactFreeText } from './redaction.ts';

describe('redaction of forwarded material (seed 000 §二(二)3)', () => {
  it('never forwards identity documents, licences, powers of attorney or do-not-forward material', () => {
    expect(isForwardable({ id: 'a', kind: 'id_document', doNotForward: false })).toBe(false);
    expect(isForwardable({ id: 'b', kind: 'business_licence', doNotForward: false })).toBe(false);
    expect(isForwardable({ id: 'c', kind: 'power_of_attorney', doNotForward: false })).toBe(false);
    expect(isForwardable({ id: 'd', kind: 'evidence', doNotForward: true })).toBe(false);
    expect(isForwardable({ id: 'e', kind: 'evidence', doNotForward: false })).toBe(true);
    expect(isForwardable({ id: 'f', kind: 'registration_certificate', doNotForward: false })).toBe(true);
  });

  it.each([
    ['请联系 13800138000 获取授权', '请联系 [redacted] 获取授权'],
    ['call +86 138 0013 8000 now', 'call [redacted] now'],
    ['办公电话 010-62345678。', '办公电话 [redacted]。'],
    ['US office +1 (415) 555-0134.', 'US office [redacted].'],
    ['身份证号110105199003071234请勿外传', '身份证号[redacted]请勿外传'],
    ['ID 11010519900307123X', 'ID [redacted]'],
    ['old ID 110105900307123', 'old ID [redacted]'],
  ])('redacts %s', (input, expected) => {
    expect(redactFreeText(input)).toBe(expected);
  });

  it('keeps prices, years, quantities and model numbers', () => {
    const text = 'Fake Nike Air Max 2024, price 399 yuan, pack of 12, model AB-1234';
    expect(redactFreeText(text)).toBe(text);
  });

  it('leaves no 11-digit mobile number in any text it is given', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.constantFrom('13', '15', '17', '18', '19'),
        fc.stringMatching(/^\d{9}$/),
        fc.string({ maxLength: 40 }),
        (before, head, rest, after) => {
          const mobile = `${head}${rest}`;
          const out = redactFreeText(`${before} ${mobile} ${after}`);
          expect(out).toContain(REDACTED);
          expect(out.includes(` ${mobile} `)).toBe(false);
        },
      ),
    );
  });
});
