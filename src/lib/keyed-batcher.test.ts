import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyedBatcher } from './keyed-batcher.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('KeyedBatcher', () => {
  it('runs a lone item at once, as a batch of one', async () => {
    const calls: Array<[string, number[]]> = [];
    const b = new KeyedBatcher<number, number>(async (k, items) => {
      calls.push([k, items]);
      return items.map((i) => i * 2);
    });
    await expect(b.submit('a', 21)).resolves.toBe(42);
    expect(calls).toEqual([['a', [21]]]);
    expect(b.activeKeys).toBe(0);
  });

  it('coalesces items that arrive while a batch of the same key runs', async () => {
    const calls: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = new KeyedBatcher<number, string>(async (_k, items) => {
      calls.push(items);
      if (calls.length === 1) await gate;
      return items.map(String);
    });
    const first = b.submit('a', 1);
    await tick();
    const rest = [2, 3, 4].map((i) => b.submit('a', i));
    release();
    expect(await Promise.all([first, ...rest])).toEqual(['1', '2', '3', '4']);
    expect(calls).toEqual([[1], [2, 3, 4]]);
  });

  it('runs different keys independently', async () => {
    const running = new Set<string>();
    let overlap = false;
    const b = new KeyedBatcher<number, number>(async (k, items) => {
      running.add(k);
      if (running.size > 1) overlap = true;
      await tick();
      running.delete(k);
      return items;
    });
    await Promise.all([b.submit('a', 1), b.submit('b', 2)]);
    expect(overlap).toBe(true);
  });

  it('respects maxBatch', async () => {
    const sizes: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = new KeyedBatcher<number, number>(async (_k, items) => {
      sizes.push(items.length);
      if (sizes.length === 1) await gate;
      return items;
    }, 3);
    const all = [b.submit('a', 0)];
    await tick();
    for (let i = 1; i <= 7; i++) all.push(b.submit('a', i));
    release();
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(sizes).toEqual([1, 3, 3, 1]);
  });

  it('rejects every item of a failing batch, and goes on with the next batch', async () => {
    let n = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = new KeyedBatcher<number, number>(async (_k, items) => {
      n++;
      if (n === 1) {
        await gate;
        throw new Error('boom');
      }
      return items;
    });
    const first = b.submit('a', 1);
    await tick();
    const second = b.submit('a', 2);
    release();
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe(2);
  });

  it('rejects when run returns the wrong number of results', async () => {
    const b = new KeyedBatcher<number, number>(async () => []);
    await expect(b.submit('a', 1)).rejects.toThrow('returned 0 results');
  });

  it('property: every item gets its own result exactly once, in any interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer(), fc.boolean()), { maxLength: 40 }),
        fc.integer({ min: 1, max: 5 }),
        async (ops, max) => {
          const seen: number[] = [];
          const b = new KeyedBatcher<number, number>(async (_k, items) => {
            await tick();
            seen.push(...items);
            return items.map((i) => i + 1);
          }, max);
          const promises: Array<Promise<number>> = [];
          for (const [k, v, yieldFirst] of ops) {
            if (yieldFirst) await tick();
            promises.push(b.submit(k, v));
          }
          const results = await Promise.all(promises);
          expect(results).toEqual(ops.map(([, v]) => v + 1));
          expect(seen.length).toBe(ops.length);
          expect(b.activeKeys).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });
});
