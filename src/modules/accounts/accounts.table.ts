import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { enumCheck, id, timestamps, version } from '../../db/columns.js';
import { forces } from '../forces/forces.table.js';
import { ACCOUNT_ROLES } from './accounts.domain.js';

/**
 * A person who signs in. Local accounts have a scrypt password hash; accounts made by OpenID
 * Connect sign-in have the provider's issuer and subject instead. There are no default accounts.
 */
export const users = pgTable(
  'user_account',
  {
    id: id(),
    /** Lower-cased. */
    email: text('email').notNull(),
    name: text('name'),
    role: text('role').notNull(),
    forceId: uuid('force_id').references(() => forces.id),
    passwordHash: text('password_hash'),
    oidcIssuer: text('oidc_issuer'),
    oidcSubject: text('oidc_subject'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('user_account_email_key').on(t.email),
    uniqueIndex('user_account_oidc_key').on(t.oidcIssuer, t.oidcSubject),
    enumCheck('user_account_role_check', t.role, ACCOUNT_ROLES),
    check('user_account_force_check', sql`(${t.role} in ('force', 'lpb')) = (${t.forceId} is not null)`),
    check('user_account_email_check', sql`${t.email} = lower(${t.email}) and ${t.email} like '%_@_%'`),
  ],
);

/**
 * A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a copy of
 * the database cannot be used to sign in. Shared by every app instance.
 */
export const sessions = pgTable(
  'session',
  {
    id: id(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    userAgent: text('user_agent'),
  },
  (t) => [uniqueIndex('session_token_key').on(t.tokenHash), index('session_user_idx').on(t.userId)],
);

/** A token for integrations: `Authorization: Bearer …`. Only its SHA-256 is stored. */
export const apiTokens = pgTable(
  'api_token',
  {
    id: id(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    label: text('label'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_token_token_key').on(t.tokenHash), index('api_token_user_idx').on(t.userId)],
);

/**
 * Failed sign-ins, counted per email and per client address over a window to slow down guessing.
 * In the database so that every instance counts the same attempts.
 */
export const signInFailures = pgTable(
  'sign_in_failure',
  {
    id: id(),
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sign_in_failure_email_idx').on(t.email, t.at),
    index('sign_in_failure_ip_idx').on(t.ip, t.at),
  ],
);

export type UserRow = typeof users.$inferSelect;
