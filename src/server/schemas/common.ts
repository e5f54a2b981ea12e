import { z } from 'zod';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .describe('RFC 9457 problem details');

export const idParams = z.object({ id: z.uuid() });

/** Standard error responses documented on every route. */
export const problems = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
};

/**
 * A UTF-16 surrogate without its partner: not a character, so it cannot be stored as UTF-8 (the
 * PostgreSQL driver would silently turn it into U+FFFD). Matches `"\ud800"` sent as a JSON escape.
 */
export const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Text from people: trimmed, no NUL or other control characters but newlines and tabs (PostgreSQL
 * refuses NUL in text), and well-formed Unicode.
 */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'contains control characters')
    .refine((s) => !loneSurrogate.test(s), 'contains invalid Unicode (a lone surrogate)');

export const email = z.email().max(254);
/** International phone: digits with optional +, spaces, dashes, parentheses. */
export const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{4,24}$/, 'must be a telephone number, e.g. +86 138 0013 8000');
export const isoDate = z.iso.date();
export const timestamp = z.date().or(z.string());
