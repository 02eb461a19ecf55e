import * as client from 'openid-client';
import { ConfigError, type Config } from '../../config.js';
import { AppError } from '../../shared/errors.js';
import type { AccountsService } from './accounts.service.js';
import { ACCOUNT_ROLES, ROLE_LABELS, rolesWithForce, type AccountRole } from './accounts.domain.js';

/**
 * Signing in with an OpenID Connect provider (Microsoft Entra ID, Keycloak, …): the authorization
 * code flow with PKCE, state and nonce, done by openid-client. This file knows the protocol and
 * the claims; oidc.web.ts knows the routes and cookies.
 */

export type OidcSettings = {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  label: string;
  roleClaim: string;
  forceClaim: string;
  /** Provider value → role; null means the claim holds Oversight's role names themselves. */
  roleMap: ReadonlyMap<string, AccountRole> | null;
};

/** The settings, or null when OpenID Connect sign-in is not configured. Throws on a bad OIDC_ROLE_MAP. */
export function oidcSettings(config: Config): OidcSettings | null {
  if (!config.OIDC_ISSUER || !config.OIDC_CLIENT_ID || !config.OIDC_CLIENT_SECRET) return null;
  return {
    issuer: new URL(config.OIDC_ISSUER),
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    label: config.OIDC_LABEL ?? 'your organisation’s account',
    roleClaim: config.OIDC_ROLE_CLAIM,
    forceClaim: config.OIDC_FORCE_CLAIM,
    roleMap: config.OIDC_ROLE_MAP ? parseRoleMap(config.OIDC_ROLE_MAP) : null,
  };
}

/** "Oversight.Force=force, Oversight.Inspector=inspectorate" → a map; unknown roles are a start-up error. */
export function parseRoleMap(text: string): Map<string, AccountRole> {
  const map = new Map<string, AccountRole>();
  for (const entry of text.split(',')) {
    if (!entry.trim()) continue;
    const at = entry.lastIndexOf('=');
    const value = entry.slice(0, at).trim();
    const role = entry.slice(at + 1).trim();
    if (at < 0 || !value || !(ACCOUNT_ROLES as readonly string[]).includes(role))
      throw new ConfigError(
        `Invalid configuration:\n  OIDC_ROLE_MAP: "${entry.trim()}" must be ProviderValue=role, ` +
          `where role is one of ${ACCOUNT_ROLES.join(', ')}`,
      );
    map.set(value, role as AccountRole);
  }
  return map;
}

/**
 * Plain http is allowed for a provider on this machine only (the tests' provider); anything else
 * must be https, as openid-client insists by default.
 */
const isLoopbackHttp = (url: URL) =>
  url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

export type OidcStart = { url: URL; state: string; nonce: string; verifier: string };
export type OidcChecks = { state: string; nonce: string; verifier: string };

/** Whether the provider answered with a server error (rather than refusing or failing a check). */
function providerFailed(error: unknown): boolean {
  if (error instanceof client.ResponseBodyError) return error.status >= 500;
  return error instanceof client.ClientError && error.cause instanceof Response && error.cause.status >= 500;
}

/** An AppError that keeps what went wrong underneath, for the log (never for the page). */
function failure(code: 'forbidden' | 'unavailable', message: string, cause: unknown): AppError {
  const error = new AppError(code, message);
  error.cause = cause;
  return error;
}

export function createOidcClient(settings: OidcSettings) {
  const unavailable = (cause: unknown) =>
    failure(
      'unavailable',
      `Signing in with ${settings.label} is not working at the moment. Try again later, or sign in with an Oversight password.`,
      cause,
    );

  let discovered: Promise<client.Configuration> | null = null;

  /** Discovery happens on first use and is kept; a failure is not kept, so the next sign-in retries. */
  function configuration(): Promise<client.Configuration> {
    discovered ??= client
      .discovery(settings.issuer, settings.clientId, settings.clientSecret, undefined, {
        timeout: 10,
        ...(isLoopbackHttp(settings.issuer) ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        discovered = null;
        throw unavailable(error);
      });
    return discovered;
  }

  return {
    settings,

    /** Where to send the browser, and the random values to keep until it comes back. */
    async start(redirectUri: string): Promise<OidcStart> {
      const config = await configuration();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const verifier = client.randomPKCECodeVerifier();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      return { url, state, nonce, verifier };
    },

    /**
     * Exchanges the code the provider sent back (callbackUrl is the redirect URI with the
     * provider's query) and returns the validated ID token's claims.
     */
    async finish(callbackUrl: URL, checks: OidcChecks): Promise<client.IDToken> {
      const config = await configuration();
      try {
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          pkceCodeVerifier: checks.verifier,
        });
        const claims = tokens.claims();
        if (!claims) throw new client.ClientError('the provider did not return an ID token');
        return claims;
      } catch (error) {
        // The provider said no, or what came back failed a check: refuse. The network, a timeout
        // or a 5xx from the provider mean it could not do its part: unavailable.
        if (
          !providerFailed(error) &&
          (error instanceof client.ClientError ||
            error instanceof client.AuthorizationResponseError ||
            error instanceof client.ResponseBodyError)
        )
          throw failure(
            'forbidden',
            `Signing in with ${settings.label} did not work. Go back to the sign-in page and start again.`,
            error,
          );
        throw unavailable(error);
      }
    },
  };
}

/** What signInExternal needs to know about the person. */
export type ExternalIdentity = Parameters<AccountsService['signInExternal']>[0];

const strings = (value: unknown): string[] =>
  (Array.isArray(value) ? (value as unknown[]) : [value]).filter(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );

/**
 * Who the ID token says this is, or why they may not sign in. The role claim may be one string
 * or a list (Entra's `roles`); with OIDC_ROLE_MAP only mapped values count, without it the
 * values must be Oversight's role names. More than one role is refused rather than guessed.
 */
export function identityFromClaims(
  claims: client.IDToken,
  settings: OidcSettings,
): { ok: true; identity: ExternalIdentity } | { ok: false; message: string } {
  const account = `Your ${settings.label}`;
  const email = strings(claims.email ?? claims.preferred_username ?? claims.upn)[0]?.trim();
  if (!email || !/^[^\s@]+@[^\s@]+$/.test(email))
    return { ok: false, message: `${account} did not give Oversight an email address.` };
  const values = strings(claims[settings.roleClaim]).map((v) => v.trim());
  const roles = [
    ...new Set(
      values.flatMap((value) => {
        const role = settings.roleMap
          ? settings.roleMap.get(value)
          : ACCOUNT_ROLES.find((r) => r === value.toLowerCase());
        return role ? [role] : [];
      }),
    ),
  ];
  const askAdmin = 'Ask whoever manages Oversight’s accounts in your organisation to give you one.';
  if (roles.length === 0)
    return {
      ok: false,
      message:
        values.length === 0
          ? `${account} has not been given a role in Oversight. ${askAdmin}`
          : `${account} has a role Oversight does not recognise (${values.join(', ')}). ${askAdmin}`,
    };
  if (roles.length > 1)
    return {
      ok: false,
      message: `${account} has more than one role in Oversight (${roles.map((r) => ROLE_LABELS[r]).join(', ')}). Ask for it to have only one.`,
    };
  const role = roles[0]!;
  const force = strings(claims[settings.forceClaim])[0]?.trim().toLowerCase() ?? null;
  if (rolesWithForce(role) && !force)
    return {
      ok: false,
      message: `${account} has the role ${ROLE_LABELS[role]} but does not say which force it belongs to. Ask for the force to be added to your account.`,
    };
  const name = strings(claims.name)[0]?.trim() ?? null;
  return {
    ok: true,
    identity: {
      issuer: claims.iss,
      subject: claims.sub,
      email: email.toLowerCase(),
      name,
      role,
      force: rolesWithForce(role) ? force : null,
    },
  };
}
