import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';

const cheap = { N: 1024, r: 8, p: 1 };

describe('passwords', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const hash = await hashPassword('correct horse battery', cheap);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password here', cheap)).not.toBe(
      await hashPassword('same password here', cheap),
    );
  });

  it('treats composed and decomposed accents as the same password', async () => {
    const hash = await hashPassword('caf\u00e9 au lait 2024', cheap);
    expect(await verifyPassword('cafe\u0301 au lait 2024', hash)).toBe(true);
  });

  it('refuses malformed stored hashes rather than throwing', async () => {
    for (const bad of ['', 'plain', 'scrypt$x$8$1$aa$bb', 'bcrypt$1$2$3$4$5', 'scrypt$0$8$1$aa$bb'])
      expect(await verifyPassword('anything at all', bad)).toBe(false);
  });

  it('asks for length, not character classes', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('three random words')).toBeNull();
    expect(passwordProblem('x'.repeat(1025))).toMatch(/1,024/);
  });
});
