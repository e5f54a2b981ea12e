import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffRoles } from '../../domain/roles.ts';
import { searchItems } from '../../services/search.ts';
import { allow } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { problems, text, timestamp } from '../schemas/common.ts';

const itemSearchQuery = z.object({
  q: text(200).describe('words from the listing title or the item description, in any language (e.g. 耐克, sneaker)'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const itemHit = z.object({
  id: z.uuid(),
  complaintId: z.uuid(),
  caseNumber: z.string(),
  seq: z.number().int(),
  status: z.string(),
  listingUrl: z.string().nullable(),
  listingExternalId: z.string().nullable(),
  sellerExternalId: z.string().nullable(),
  sellerName: z.string().nullable(),
  title: z.string().nullable(),
  description: z.string(),
  dueAt: timestamp.nullable(),
});

const itemSearchPage = z.object({
  data: z.array(itemHit),
  more: z.boolean().describe('more items match than `limit`: narrow the words'),
});

/** Search across every complaint's items, for the IP team (SPEC §6: the queue's search). */
export const searchRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/items/search',
      {
        preValidation: allow(staffRoles, 'complaints:read'),
        schema: {
          tags: ['complaints'],
          summary: 'Find items by words in their listing title or description (reviewers and admins)',
          querystring: itemSearchQuery,
          response: { 200: itemSearchPage, ...problems },
        },
      },
      async (req) => searchItems(ctx.database.db, req.query),
    );
  };
