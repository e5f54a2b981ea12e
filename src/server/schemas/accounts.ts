import { z } from 'zod';
import { roles, scopes } from '../../domain/roles.ts';
import { email, text } from './common.ts';

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  partyKind: z.string().nullable(),
  sellerId: z.uuid().nullable(),
  locale: z.string(),
});

export const loginBody = z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(1024) });
export const meResponse = z.object({ user: userSchema, csrfToken: z.string().nullable() });

export const createUserBody = z
  .object({
    email,
    name: text(200),
    role: z.enum(roles),
    password: z.string().min(10, 'must be at least 10 characters').max(1024),
    partyKind: z.enum(['individual', 'enterprise']).optional(),
    sellerExternalId: text(200).optional(),
    sellerName: text(200).optional(),
    locale: z.enum(['zh-CN', 'en']).optional(),
  })
  .refine((b) => b.role !== 'respondent' || b.sellerExternalId, {
    path: ['sellerExternalId'],
    message: 'a respondent account must name its seller',
  });

export const apiKeySchema = z.object({
  id: z.uuid(),
  prefix: z.string(),
  name: z.string(),
  userId: z.uuid(),
  scopes: z.array(z.string()),
  createdAt: z.date(),
  revokedAt: z.date().nullable(),
});

export const createApiKeyBody = z.object({
  name: text(200),
  scopes: z.array(z.enum(scopes)).min(1).max(scopes.length),
  /** admins may create keys for another user, e.g. the marketplace integration account. */
  userId: z.uuid().optional(),
});
export const createdApiKey = z.object({ key: z.string().describe('shown once; store it now'), apiKey: apiKeySchema });
