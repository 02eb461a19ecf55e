import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from './app.js';
import { seedsAvailable, seedsDir } from './seeds.js';

/** The `--json` contract of `oversight import`, as the README documents it. */
const range = z.object({ start: z.number().int().min(0), end: z.number().int().min(0) });
const partial = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/);
const finding: z.ZodType = z.lazy(() =>
  z.object({
    kind: z.enum(['cause-of-concern', 'recommendation', 'area-for-improvement', 'innovative-practice']),
    area: z.string().nullable(),
    number: z.string().nullable(),
    text: z.string().min(1),
    parent: z.string().nullable(),
    dueOn: partial.nullable(),
    children: z.array(finding),
    source: range,
  }),
);
const contract = z.object({
  documents: z.array(
    z.object({
      path: z.string(),
      sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .nullable(),
      format: z.enum(['text', 'html', 'pdf', 'docx']).nullable(),
      kind: z
        .enum(['engage-current', 'engage-previous', 'peel-report', 'pcc-response', 'news', 'unknown'])
        .nullable(),
      confidence: z.number().min(0).max(1).nullable(),
      status: z.enum(['would-import', 'imported', 'unchanged', 'rejected']),
      error: z.string().nullable(),
      extracted: z
        .object({
          engagePeriods: z.array(
            z.object({
              force: z.string().nullable(),
              entered: partial.nullable(),
              exited: partial.nullable(),
              entryReasons: z.array(z.object({ text: z.string(), source: range })),
              exitReasons: z.array(z.object({ text: z.string(), source: range })),
              causesOfConcern: z.array(
                z.object({
                  text: z.string(),
                  status: z.enum(['open', 'closed', 'unknown']),
                  closedOn: partial.nullable(),
                  recommendations: z
                    .object({ total: z.number().nullable(), closed: z.number().nullable() })
                    .nullable(),
                  source: range,
                }),
              ),
              source: range,
            }),
          ),
          inspections: z.array(
            z.object({
              force: z.string().nullable(),
              programme: z.string().nullable(),
              title: z.string(),
              published: partial.nullable(),
              type: z.string().nullable(),
              judgements: z.array(
                z.object({ area: z.string(), grade: z.string().nullable(), source: range }),
              ),
              findings: z.array(finding),
              source: range,
            }),
          ),
          responses: z.array(
            z.object({
              inspection: z.string(),
              deadline: partial.nullable(),
              summary: z.array(z.object({ text: z.string(), source: range })),
              recommendations: z.array(z.object({ text: z.string(), source: range })),
              scrutiny: z.array(
                z.object({
                  date: partial.nullable(),
                  questions: z.array(z.object({ text: z.string(), source: range })),
                }),
              ),
              source: range,
            }),
          ),
          mentions: z.array(
            z.object({
              force: z.string().nullable(),
              event: z.string(),
              date: partial.nullable(),
              gradeCounts: z.record(z.string(), z.number()).nullable(),
              conflicts: z.array(z.string()),
              source: range,
            }),
          ),
        })
        .nullable(),
      changes: z.object({
        created: z.number().int(),
        updated: z.number().int(),
        unchanged: z.number().int(),
      }),
    }),
  ),
});

function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/oversight.js', ...args], {
    env: { ...process.env, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe.skipIf(!seedsAvailable)('oversight import on the command line', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'oversight-cli-'));
  const junk = join(dataDir, '..', `junk-${process.pid}.bin`);
  let server: TestApp;
  let url: string;
  beforeAll(async () => {
    writeFileSync(junk, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    server = await createTestApp('pglite', { IMPORT_TOKEN: 'a-cli-test-token-0123456789' });
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const address = server.app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(junk, { force: true });
  });

  it('--dry-run --json over the seed folder prints the documented contract and writes nothing', async () => {
    const { code, stdout } = await cli(['import', seedsDir, '--dry-run', '--json'], { DATA_DIR: dataDir });
    expect(code).toBe(0);
    const parsed = contract.parse(JSON.parse(stdout));
    expect(parsed.documents.map((d) => d.kind).sort()).toEqual([
      'engage-current',
      'engage-previous',
      'news',
      'pcc-response',
      'peel-report',
    ]);
    expect(parsed.documents.every((d) => d.status === 'would-import')).toBe(true);
    const again = contract.parse(
      JSON.parse((await cli(['import', seedsDir, '--dry-run', '--json'], { DATA_DIR: dataDir })).stdout),
    );
    expect(again.documents.every((d) => d.status === 'would-import')).toBe(true);
  }, 90_000);

  it('binary junk is rejected with one clear line and a non-zero exit', async () => {
    const { code, stdout } = await cli(['import', junk], { DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(stdout).toMatch(/rejected/);
    expect(stdout).toMatch(/error: This looks like binary data/);
  }, 60_000);

  it('--server sends the documents through a running server', async () => {
    const { code, stdout } = await cli(
      [
        'import',
        join(seedsDir, 'news-cleveland-2023-03.txt'),
        '--server',
        url,
        '--token',
        'a-cli-test-token-0123456789',
        '--json',
      ],
      { DATA_DIR: dataDir },
    );
    expect(code).toBe(0);
    expect(contract.parse(JSON.parse(stdout)).documents[0]!.status).toBe('imported');
  }, 60_000);
});
