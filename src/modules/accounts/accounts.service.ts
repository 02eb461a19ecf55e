import { createHash, randomBytes } from 'node:crypto';
import { and, count, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/index.js';
import { AppError } from '../../shared/errors.js';
import { recordAudit } from '../../db/audit.js';
import { forces } from '../forces/index.js';
import { rolesWithForce, type AccountRole, type Viewer } from './accounts.domain.js';
import { newUserSchema, passwordSchema, type NewUser } from './accounts.schemas.js';
import { apiTokens, sessions, signInFailures, users, type UserRow } from './accounts.table.js';
import { dummyHash, hashPassword, verifyPassword } from './passwords.js';

/** Sessions end after this long without use, and in any case after SESSION_MAX_MS. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
/** Sign-in is refused for a while after this many failures for one email, or from one address. */
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 30;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;

export type SignInResult =
  { ok: true; token: string; viewer: Viewer } | { ok: false; reason: 'invalid' | 'throttled' };

export type PasswordHasher = { hash: (password: string) => Promise<string> };

export function createAccountsService(db: Db, hasher: PasswordHasher = { hash: (p) => hashPassword(p) }) {
  async function viewerOf(tx: DbOrTx, where: ReturnType<typeof eq>): Promise<Viewer | null> {
    const [row] = await tx
      .select({ user: users, forceSlug: forces.slug })
      .from(users)
      .leftJoin(forces, eq(forces.id, users.forceId))
      .where(and(where, isNull(users.disabledAt)));
    return row ? toViewer(row.user, row.forceSlug) : null;
  }

  async function forceIdOf(tx: DbOrTx, slug: string | undefined): Promise<string | null> {
    if (!slug) return null;
    const [row] = await tx.select({ id: forces.id }).from(forces).where(eq(forces.slug, slug));
    if (!row) throw new AppError('validation', `There is no force with the slug "${slug}"`);
    return row.id;
  }

  async function byEmail(tx: DbOrTx, email: string): Promise<UserRow> {
    const [row] = await tx.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
    if (!row) throw new AppError('not-found', `There is no account for ${email}`);
    return row;
  }

  return {
    /** Adds an account (CLI `users add`, or an administrator). */
    async addUser(input: NewUser, actor: string): Promise<Viewer> {
      const parsed = newUserSchema.safeParse(input);
      if (!parsed.success)
        throw new AppError('validation', parsed.error.issues.map((i) => i.message).join('; '));
      const value = parsed.data;
      const passwordHash = value.password ? await hasher.hash(value.password) : null;
      return db.transaction(async (tx) => {
        const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, value.email));
        if (existing) throw new AppError('conflict', `There is already an account for ${value.email}`);
        const forceId = await forceIdOf(tx, value.force);
        const [row] = await tx
          .insert(users)
          .values({ email: value.email, name: value.name ?? null, role: value.role, forceId, passwordHash })
          .returning();
        await recordAudit(tx, {
          actor,
          action: 'user.add',
          entity: 'user',
          entityId: row!.id,
          after: {
            email: value.email,
            name: value.name ?? null,
            role: value.role,
            force: value.force ?? null,
          },
        });
        return toViewer(row!, value.force ?? null);
      });
    },

    async setPassword(email: string, password: string, actor: string): Promise<void> {
      const parsed = passwordSchema.safeParse(password);
      if (!parsed.success) throw new AppError('validation', parsed.error.issues[0]!.message);
      const passwordHash = await hasher.hash(password);
      await db.transaction(async (tx) => {
        const user = await byEmail(tx, email);
        await tx
          .update(users)
          .set({ passwordHash, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
          .where(eq(users.id, user.id));
        // A new password ends every session of the account.
        await tx.delete(sessions).where(eq(sessions.userId, user.id));
        await recordAudit(tx, { actor, action: 'user.set-password', entity: 'user', entityId: user.id });
      });
    },

    /** Makes an API token for the account and returns it; only its hash is kept. */
    async createToken(email: string, label: string | null, actor: string): Promise<string> {
      const token = newToken('ovs');
      await db.transaction(async (tx) => {
        const user = await byEmail(tx, email);
        if (user.disabledAt) throw new AppError('validation', `The account for ${email} is disabled`);
        const [row] = await tx
          .insert(apiTokens)
          .values({ tokenHash: sha256(token), userId: user.id, label })
          .returning({ id: apiTokens.id });
        await recordAudit(tx, {
          actor,
          action: 'token.create',
          entity: 'api_token',
          entityId: row!.id,
          after: { user: user.email, label },
        });
      });
      return token;
    },

    async signIn(email: string, password: string, ip: string, userAgent?: string): Promise<SignInResult> {
      const key = email.trim().toLowerCase();
      const since = new Date(Date.now() - SIGN_IN_WINDOW_MS);
      const [byEmailCount, byIpCount] = await Promise.all([
        db
          .select({ n: count() })
          .from(signInFailures)
          .where(and(eq(signInFailures.email, key), gt(signInFailures.at, since))),
        db
          .select({ n: count() })
          .from(signInFailures)
          .where(and(eq(signInFailures.ip, ip), gt(signInFailures.at, since))),
      ]);
      if (
        (byEmailCount[0]?.n ?? 0) >= MAX_FAILURES_PER_EMAIL ||
        (byIpCount[0]?.n ?? 0) >= MAX_FAILURES_PER_IP
      )
        return { ok: false, reason: 'throttled' };
      const [user] = await db.select().from(users).where(eq(users.email, key));
      const good =
        user?.passwordHash && !user.disabledAt
          ? await verifyPassword(password, user.passwordHash)
          : (await verifyPassword(password, await dummyHash()), false);
      if (!good || !user) {
        await db.insert(signInFailures).values({ email: key.slice(0, 320), ip });
        return { ok: false, reason: 'invalid' };
      }
      const token = newToken('ses');
      const viewer = await db.transaction(async (tx) => {
        await tx.delete(signInFailures).where(eq(signInFailures.email, key));
        await tx.delete(sessions).where(lt(sessions.expiresAt, sql`now()`));
        await tx.insert(sessions).values({
          tokenHash: sha256(token),
          userId: user.id,
          expiresAt: new Date(Date.now() + SESSION_IDLE_MS),
          userAgent: userAgent?.slice(0, 300) ?? null,
        });
        await recordAudit(tx, {
          actor: user.email,
          action: 'user.sign-in',
          entity: 'user',
          entityId: user.id,
        });
        return viewerOf(tx, eq(users.id, user.id));
      });
      return { ok: true, token, viewer: viewer! };
    },

    /** Signs in (creating the account if new) someone an OpenID Connect provider vouched for. */
    async signInExternal(
      identity: {
        issuer: string;
        subject: string;
        email: string;
        name: string | null;
        role: AccountRole;
        force: string | null;
      },
      userAgent?: string,
    ): Promise<{ token: string; viewer: Viewer }> {
      const token = newToken('ses');
      const viewer = await db.transaction(async (tx) => {
        const email = identity.email.toLowerCase();
        const forceId = rolesWithForce(identity.role)
          ? await forceIdOf(tx, identity.force ?? undefined)
          : null;
        if (rolesWithForce(identity.role) && !forceId)
          throw new AppError('forbidden', `Your ${identity.role} account does not name a force`);
        const [existing] = await tx
          .select()
          .from(users)
          .where(
            or(
              and(eq(users.oidcIssuer, identity.issuer), eq(users.oidcSubject, identity.subject)),
              eq(users.email, email),
            ),
          );
        if (existing?.disabledAt) throw new AppError('forbidden', 'This account is disabled');
        if (existing && existing.oidcSubject && existing.oidcSubject !== identity.subject)
          throw new AppError('forbidden', 'This email belongs to a different account');
        let userId: string;
        const fields = {
          email,
          name: identity.name,
          role: identity.role,
          forceId,
          oidcIssuer: identity.issuer,
          oidcSubject: identity.subject,
        };
        if (existing) {
          userId = existing.id;
          const changed =
            existing.role !== fields.role ||
            existing.forceId !== fields.forceId ||
            existing.email !== email ||
            existing.name !== fields.name ||
            !existing.oidcSubject;
          if (changed) {
            await tx
              .update(users)
              .set({ ...fields, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
              .where(eq(users.id, existing.id));
            await recordAudit(tx, {
              actor: 'oidc',
              action: 'user.update',
              entity: 'user',
              entityId: existing.id,
              before: { email: existing.email, role: existing.role, forceId: existing.forceId },
              after: { email, role: fields.role, forceId },
            });
          }
        } else {
          const [row] = await tx.insert(users).values(fields).returning({ id: users.id });
          userId = row!.id;
          await recordAudit(tx, {
            actor: 'oidc',
            action: 'user.add',
            entity: 'user',
            entityId: userId,
            after: { email, role: fields.role, force: identity.force, issuer: identity.issuer },
          });
        }
        await tx.insert(sessions).values({
          tokenHash: sha256(token),
          userId,
          expiresAt: new Date(Date.now() + SESSION_IDLE_MS),
          userAgent: userAgent?.slice(0, 300) ?? null,
        });
        await recordAudit(tx, {
          actor: email,
          action: 'user.sign-in',
          entity: 'user',
          entityId: userId,
          after: { via: 'oidc' },
        });
        return viewerOf(tx, eq(users.id, userId));
      });
      return { token, viewer: viewer! };
    },

    /** The viewer a session cookie belongs to, or null; extends the session while it is in use. */
    async viewerForSession(token: string): Promise<Viewer | null> {
      const hash = sha256(token);
      const [row] = await db
        .select({ session: sessions, user: users, forceSlug: forces.slug })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .leftJoin(forces, eq(forces.id, users.forceId))
        .where(
          and(eq(sessions.tokenHash, hash), gt(sessions.expiresAt, sql`now()`), isNull(users.disabledAt)),
        );
      if (!row) return null;
      const now = Date.now();
      if (now - row.session.createdAt.getTime() > SESSION_MAX_MS) return null;
      if (now - row.session.lastSeenAt.getTime() > 5 * 60 * 1000)
        await db
          .update(sessions)
          .set({ lastSeenAt: new Date(now), expiresAt: new Date(now + SESSION_IDLE_MS) })
          .where(eq(sessions.id, row.session.id));
      return toViewer(row.user, row.forceSlug);
    },

    async viewerForToken(token: string): Promise<Viewer | null> {
      const hash = sha256(token);
      const [row] = await db
        .select({ token: apiTokens, user: users, forceSlug: forces.slug })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .leftJoin(forces, eq(forces.id, users.forceId))
        .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt), isNull(users.disabledAt)));
      if (!row) return null;
      if (!row.token.lastUsedAt || Date.now() - row.token.lastUsedAt.getTime() > 60 * 1000)
        await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.token.id));
      return toViewer(row.user, row.forceSlug);
    },

    async signOut(token: string, actor: string): Promise<void> {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .delete(sessions)
          .where(eq(sessions.tokenHash, sha256(token)))
          .returning({ userId: sessions.userId });
        if (row)
          await recordAudit(tx, { actor, action: 'user.sign-out', entity: 'user', entityId: row.userId });
      });
    },

    async list(): Promise<Array<UserRow & { forceSlug: string | null }>> {
      const rows = await db
        .select({ user: users, forceSlug: forces.slug })
        .from(users)
        .leftJoin(forces, eq(forces.id, users.forceId))
        .orderBy(users.email);
      return rows.map((r) => ({ ...r.user, forceSlug: r.forceSlug }));
    },
  };
}
export type AccountsService = ReturnType<typeof createAccountsService>;

function toViewer(user: UserRow, forceSlug: string | null): Viewer {
  return {
    role: user.role as AccountRole,
    userId: user.id,
    actor: user.email,
    name: user.name,
    forceId: user.forceId,
    forceSlug,
  };
}
