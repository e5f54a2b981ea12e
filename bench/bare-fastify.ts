/**
 * The floor for bench/http.ts: a bare Fastify app answering the same routes with fixed JSON of
 * about the same size, with no authentication, validation or database. Prints its URL.
 */
import Fastify from 'fastify';

const summary = {
  id: '0d6f3f4e-3c1a-4a57-9a0b-1d2e3f4a5b6c',
  caseNumber: 'IPC-2026-000123',
  status: 'submitted',
  jurisdiction: 'CN',
  complainantName: 'Brand Co., Ltd.',
  itemCount: 3,
  dueAt: new Date().toISOString(),
  createdAt: new Date().toISOString(),
};
const detail = { ...summary, checklist: [], openCorrectionRequest: null, decision: null, allowedEvents: ['withdraw'] };
const page = { data: Array.from({ length: 50 }, () => summary), total: 1000, nextOffset: 50 };

const app = Fastify({ logger: false });
app.get('/api/v1/complaints/:id', async () => detail);
app.get('/api/v1/complaints', async () => page);
app.post('/api/v1/complaints', async (_req, reply) => reply.code(201).send(detail));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`listening ${address}`);
