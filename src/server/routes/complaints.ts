import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.ts';

export const complaintsRoutes =
  (_ctx: AppContext): FastifyPluginAsyncZod =>
  async (_app) => {};
