import { afterAll, describe, expect, it } from 'vitest';
import { referenceForcesContext } from '../../../test/forces-context.js';
import { closeReadingPool, readInWorker, ReadTimeout } from './reading.pool.js';

const { forces } = referenceForcesContext();
const encode = (s: string) => new TextEncoder().encode(s);

describe('reading documents in worker threads', () => {
  afterAll(closeReadingPool);

  it('reads a document and classifies it off the event loop', async () => {
    const text =
      'Kent Police leaves enhanced monitoring\n\nThe inspectorate has removed Kent Police from Engage.';
    const outcome = await readInWorker({ bytes: encode(text), fileName: 'kent.txt', forces });
    expect(outcome.ok).toBe(true);
    if (outcome.ok) {
      expect(outcome.format).toBe('text');
      expect(outcome.text).toContain('Kent Police');
      expect(outcome.reading.classification.kind).not.toBeUndefined();
    }
  });

  it("returns the document's own faults as values", async () => {
    const outcome = await readInWorker({ bytes: new Uint8Array(), fileName: 'empty.txt', forces });
    expect(outcome).toMatchObject({ ok: false, code: 'empty' });
  });

  it('turns HTML nested deeper than the stack into a clear rejection, not a crash', async () => {
    const depth = 5_000;
    const html = `<!doctype html><html><body>${'<div>'.repeat(depth)}Kent Police${'</div>'.repeat(depth)}</body></html>`;
    const outcome = await readInWorker({ bytes: encode(html), fileName: 'deep.html', forces });
    if (!outcome.ok) expect(outcome.message).toMatch(/nested too deeply|could not|cannot/i);
    else expect(outcome.text).toContain('Kent Police');
  });

  it('keeps the event loop free while a big document is read, and gives up after the timeout', async () => {
    const big = encode(
      `Title\n\n${'Kent Police was inspected in May 2024 and found good. '.repeat(400_000)}`,
    );
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 10);
    await expect(readInWorker({ bytes: big, fileName: 'big.txt', forces }, 300)).rejects.toBeInstanceOf(
      ReadTimeout,
    );
    clearInterval(timer);
    expect(ticks).toBeGreaterThanOrEqual(2);
    // The pool replaced the stopped worker: the next document is read as usual.
    const next = await readInWorker({ bytes: encode('Kent Police\n\nA note.'), fileName: 'n.txt', forces });
    expect(next.ok).toBe(true);
  });
});
