export const roles = ['complainant', 'agent', 'respondent', 'reviewer', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Who files complaints: a rights owner or an agent acting for one (SPEC §1). */
export const filerRoles: readonly Role[] = ['complainant', 'agent'];
export const staffRoles: readonly Role[] = ['reviewer', 'admin'];

/**
 * Scopes an API key can carry. A key never grants more than its user's role allows;
 * a scope narrows what the key may do with that role.
 */
export const scopes = [
  'complaints:read',
  'complaints:write',
  'documents:read',
  'documents:write',
  'rights:read',
  'rights:write',
  'review',
  'admin',
] as const;
export type Scope = (typeof scopes)[number];

/** The authenticated party behind a request. */
export interface Actor {
  userId: string;
  role: Role;
  sellerId: string | null;
  /** null for a cookie session: the full rights of the role. */
  scopes: readonly Scope[] | null;
}

export function hasScope(actor: Actor, scope: Scope): boolean {
  return actor.scopes === null || actor.scopes.includes(scope);
}
