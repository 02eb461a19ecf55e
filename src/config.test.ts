import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('defaults to the embedded database in ./data on port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, DATA_DIR: './data', LOAD_REFERENCE_DATA: true });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('reads PostgreSQL from DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/o' }).DATABASE_URL).toBe(
      'postgres://u:p@127.0.0.1:5432/o',
    );
  });

  it('names every invalid setting', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      expect(String(error)).toMatch(/PORT/);
      expect(String(error)).toMatch(/DATABASE_URL must start with postgres/);
    }
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).PORT).toBe(3000);
  });

  it('runs webhooks unless WEBHOOKS is off, every 5 seconds unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({
      WEBHOOKS: true,
      WEBHOOK_INTERVAL_MS: 5000,
      WEBHOOK_TIMEOUT_MS: 10_000,
    });
    expect(loadConfig({ WEBHOOKS: 'off' }).WEBHOOKS).toBe(false);
    expect(loadConfig({ WEBHOOKS: 'false' }).WEBHOOKS).toBe(false);
    expect(loadConfig({ WEBHOOKS: 'on', WEBHOOK_INTERVAL_MS: '250' }).WEBHOOK_INTERVAL_MS).toBe(250);
    expect(() => loadConfig({ WEBHOOKS: 'sometimes' })).toThrow(/WEBHOOKS/);
    expect(() => loadConfig({ WEBHOOK_INTERVAL_MS: '10' })).toThrow(/WEBHOOK_INTERVAL_MS/);
  });

  it('reads booleans written as true/false, 1/0 or yes/no', () => {
    expect(loadConfig({ LOAD_REFERENCE_DATA: 'false' }).LOAD_REFERENCE_DATA).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'yes' }).TRUST_PROXY).toBe(true);
    expect(() => loadConfig({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/);
  });
});
