import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.ts';
import { accountRoutes } from './accounts.ts';
import { calendarsRoutes } from './calendars.ts';
import { caseRoutes } from './cases.ts';
import { complaintsRoutes } from './complaints.ts';
import { counterNoticeRoutes } from './counter-notices.ts';
import { documentsRoutes } from './documents.ts';
import { rightsRoutes } from './rights.ts';
import { searchRoutes } from './search.ts';

/** Every /api/v1 route, one plugin per concept. */
export const apiRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(accountRoutes(ctx));
    await app.register(documentsRoutes(ctx));
    await app.register(rightsRoutes(ctx));
    await app.register(complaintsRoutes(ctx));
    await app.register(calendarsRoutes(ctx));
    await app.register(caseRoutes(ctx));
    await app.register(counterNoticeRoutes(ctx));
    await app.register(searchRoutes(ctx));
  };
