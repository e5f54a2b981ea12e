import type { AppContext } from '../server/context.ts';

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

/** Seeds the demo data once (idempotent); returns the demo logins to print. */
export async function seedDemo(_ctx: AppContext): Promise<DemoLogin[]> {
  return [];
}
