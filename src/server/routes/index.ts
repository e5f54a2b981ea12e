import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.ts';
import { accountRoutes } from './accounts.ts';

/** Every /api/v1 route, one plugin per concept. */
export const apiRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(accountRoutes(ctx));
  };
