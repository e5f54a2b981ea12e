import type { Queryable } from '../db/client.ts';
import { legalActions } from '../db/schema/index.ts';
import type { Actor } from '../domain/roles.ts';
import { conflict } from '../server/problem.ts';
import { type CounterNoticeRow, counterItems, loadComplaint, loadCounterNotice } from './counter-notices.ts';
import { moveItems } from './item-transitions.ts';
import { notify } from './notices.ts';

export interface LegalActionInput {
  kind: 'lawsuit' | 'complaint_to_authority';
  authority: string;
  caseNumber: string;
  documentId: string;
  filedOn?: string | undefined;
}

/** seed 000 §二(二)5: the complainant proves a complaint to an authority or a lawsuit in time. */
export async function recordLegalAction(
  tx: Queryable,
  cn: CounterNoticeRow,
  actor: Actor,
  input: LegalActionInput,
  now: Date,
) {
  const complaint = await loadComplaint(tx, cn.complaintId);
  const items = await counterItems(tx, cn, 'counter_forwarded');
  // seed 000 §二(二)5: proof must come within the period; its end counts even before the worker fires.
  const periodOver = items.some((i) => i.dueAt !== null && i.dueAt <= now);
  if (cn.status !== 'forwarded' || items.length === 0 || periodOver) {
    throw conflict('There is no forwarded counter-notice awaiting legal action (the period may have ended).');
  }
  const [action] = await tx
    .insert(legalActions)
    .values({
      complaintId: complaint.id,
      counterNoticeId: cn.id,
      ...input,
      filedOn: input.filedOn ?? null,
      createdBy: actor.userId,
      createdAt: now,
    })
    .returning();
  await moveItems(
    tx,
    complaint,
    items.map((item) => ({ item, event: 'legal_action_shown' as const })),
    {
      by: 'complainant',
      actor,
      now,
      counterNoticeId: cn.id,
      documentIds: [input.documentId],
      data: { legalActionId: action!.id, kind: input.kind, authority: input.authority, caseNumber: input.caseNumber },
    },
  );
  await notify(tx, now, {
    recipientSellerId: cn.sellerId,
    complaintId: complaint.id,
    kind: 'legal_action_shown',
    subject: `投诉方已起诉或投诉 Legal action shown on ${complaint.caseNumber}`,
    body: `The complainant has shown ${input.kind === 'lawsuit' ? 'a lawsuit' : 'a complaint to an authority'} (${input.authority}, ${input.caseNumber}). The listings stay down until the outcome is recorded.\n投诉方已提交起诉或投诉的证明，相关商品在结果确定前维持下架。`,
  });
  return action!;
}

/** The legal-action period ended without proof: the measures end and the listings are restored. */
export async function expireLegalActionWindow(tx: Queryable, counterNoticeId: string, now: Date) {
  const cn = await loadCounterNotice(tx, counterNoticeId);
  const complaint = await loadComplaint(tx, cn.complaintId);
  const items = await counterItems(tx, cn, 'counter_forwarded');
  await moveItems(
    tx,
    complaint,
    items.map((item) => ({ item, event: 'legal_window_expired' as const })),
    {
      by: 'system',
      actor: null,
      now,
      counterNoticeId: cn.id,
      reason: 'No complaint to an authority or lawsuit was shown within the period (seed 000 §二(二)5–6).',
    },
  );
  if (items.length) {
    await notify(
      tx,
      now,
      {
        recipientSellerId: cn.sellerId,
        complaintId: complaint.id,
        kind: 'restored',
        subject: `商品已恢复 Listings restored (${complaint.caseNumber})`,
        body: `${items.length} listing(s) were restored: the complainant showed no legal action in time.\n投诉方未在期限内提交起诉或投诉证明，${items.length} 个商品已恢复。`,
      },
      {
        recipientUserId: complaint.filerId,
        complaintId: complaint.id,
        kind: 'restored',
        subject: `商品已恢复 Listings restored (${complaint.caseNumber})`,
        body: `No legal action was shown by the deadline; the complaint is deemed withdrawn for ${items.length} listing(s), which were restored (seed 000 §二(二)5–6).\n未在期限内提交起诉或投诉证明，视为撤回投诉，${items.length} 个商品已恢复。`,
      },
    );
  }
}
