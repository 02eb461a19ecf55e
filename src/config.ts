import { z } from 'zod';

/**
 * Every setting, read from the environment once at start-up and validated. The README's
 * configuration table documents each one; keep the two in step.
 */
const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const settings = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  LOAD_REFERENCE_DATA: booleanString.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z.url().optional(),
  TRUST_PROXY: booleanString.default(false),
  PAGE_CACHE: booleanString.default(true),
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(50 * 1024 * 1024),
  IMPORT_TOKEN: z.string().min(16, 'IMPORT_TOKEN must be at least 16 characters').optional(),
  /** OpenID Connect sign-in (optional): the provider's issuer URL, e.g. https://login.microsoftonline.com/<tenant>/v2.0 */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** What the sign-in button says: "Sign in with <label>". */
  OIDC_LABEL: z.string().min(1).optional(),
  /** The claim naming the role (force, lpb, inspectorate, admin), and the claim naming the force's slug. */
  OIDC_ROLE_CLAIM: z.string().min(1).default('oversight_role'),
  OIDC_FORCE_CLAIM: z.string().min(1).default('oversight_force'),
  /** Optional mapping from the provider's values to roles, e.g. "Oversight.Force=force,Oversight.Inspector=inspectorate". */
  OIDC_ROLE_MAP: z.string().optional(),
  /** A folder of logos for the s55 response documents, one PNG a force: <force-slug>.png. */
  RESPONSE_LOGO_DIR: z.string().min(1).optional(),
  /** Outgoing webhooks: off stops this instance recording events and delivering them. */
  WEBHOOKS: z
    .enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'])
    .default('on')
    .transform((v) => v === 'on' || v === 'true' || v === '1' || v === 'yes'),
  /** How often the webhook dispatcher looks for new events and deliveries that are due. */
  WEBHOOK_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5000),
  /** How long a receiver has to answer a delivery. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Deliveries that finished (delivered, or failed for good) are forgotten after this many days. */
  WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
});

export const configSchema = settings.superRefine((config, ctx) => {
  // OpenID Connect sign-in needs all three of these, or none: half a setup is a mistake, not "off".
  const oidc = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
  const missing = oidc.filter((key) => config[key] === undefined);
  if (missing.length > 0 && missing.length < oidc.length)
    for (const key of missing)
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `missing: OpenID Connect sign-in needs ${oidc.join(', ')} all set, or none of them`,
      });
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(configSchema.shape).flatMap((key) => {
      const value = env[key];
      return value === undefined || value === '' ? [] : [[key, value]];
    }),
  );
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Configuration for tests and tools: defaults plus overrides, no environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...configSchema.parse({}),
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: 'memory://',
    ...overrides,
  };
}
