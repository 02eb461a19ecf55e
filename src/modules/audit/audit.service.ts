import type { DbOrTx } from '../../db/index.js';
import { auditEvents } from './audit.table.js';

export type AuditEntry = {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
};

/** Records audit events; call it inside the transaction that makes the change. */
export async function recordAudit(tx: DbOrTx, ...entries: AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 500) {
    await tx.insert(auditEvents).values(
      entries.slice(i, i + 500).map((entry) => ({
        actor: entry.actor,
        action: entry.action,
        entity: entry.entity,
        entityId: entry.entityId ?? null,
        before: entry.before ?? null,
        after: entry.after ?? null,
      })),
    );
  }
}
