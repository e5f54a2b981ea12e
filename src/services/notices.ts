import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { complaints, notices } from '../db/schema/index.ts';

export interface Notice {
  recipientUserId?: string | null;
  recipientSellerId?: string | null;
  complaintId?: string | null;
  kind: string;
  subject: string;
  body: string;
}

/**
 * Records a formal notice in the recipient's inbox, with exactly what was said (SPEC §5).
 * Written in the transaction of the change it reports, so a notice exists iff the change does.
 */
export async function notify(tx: Queryable, now: Date, ...items: Notice[]): Promise<void> {
  if (items.length === 0) return;
  await tx.insert(notices).values(
    items.map((n) => ({
      recipientUserId: n.recipientUserId ?? null,
      recipientSellerId: n.recipientSellerId ?? null,
      complaintId: n.complaintId ?? null,
      kind: n.kind,
      subject: n.subject,
      body: n.body,
      createdAt: now,
    })),
  );
}

/** The filer of a complaint, who receives the complainant's notices. */
export async function complaintFiler(tx: Queryable, complaintId: string) {
  const [row] = await tx
    .select({ filerId: complaints.filerId, caseNumber: complaints.caseNumber, jurisdiction: complaints.jurisdiction })
    .from(complaints)
    .where(eq(complaints.id, complaintId));
  if (!row) throw new Error(`complaint ${complaintId} not found`);
  return row;
}
