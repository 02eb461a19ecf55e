import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './index.js';
import { auditEvents } from './audit.table.js';

export type AuditEntry = {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
};

/**
 * The audit trail every write leaves: `audit_event` is written by every module's services, in the
 * transaction that makes the change (so it lives here, beside the versioning rule, not in a module);
 * the audit module reads it.
 */

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

/** Locks the row a change is about, so that what is audited as "before" is what the change replaces. */
export async function lockRow(tx: DbOrTx, table: PgTable, where: SQL): Promise<void> {
  await tx.execute(sql`select 1 from ${table} where ${where} for update`);
}

/** The end of every recording write: the record as it now is, audited with what it was, in the same transaction. */
export async function audited<R extends { id: string }>(
  tx: DbOrTx,
  viewer: { actor: string },
  action: string,
  entity: string,
  after: R | undefined,
  before: R | null = null,
): Promise<R> {
  await recordAudit(tx, { actor: viewer.actor, action, entity, entityId: after!.id, before, after });
  return after!;
}
