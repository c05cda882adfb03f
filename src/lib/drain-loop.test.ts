import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDrainLoop } from './drain-loop.js';

afterEach(() => vi.useRealTimers());

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('createDrainLoop', () => {
  it('runs a pass at start, then again after pollMs of quiet', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const drain = vi.fn(async () => {});
    const loop = createDrainLoop({ drain, pollMs: 1000, onError: () => {} });
    loop.start();
    await tick();
    expect(drain).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(drain).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(drain).toHaveBeenCalledTimes(2);
    await loop.stop();
  });

  it('never runs two passes at once: wakes during a pass make exactly one more pass after it', async () => {
    let release!: () => void;
    let running = 0;
    let most = 0;
    const drain = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          running++;
          most = Math.max(most, running);
          release = () => {
            running--;
            resolve();
          };
        }),
    );
    const loop = createDrainLoop({ drain, pollMs: 60_000, onError: () => {} });
    loop.start();
    loop.wake();
    loop.wake();
    loop.wake();
    expect(drain).toHaveBeenCalledTimes(1);
    release();
    await tick();
    await tick();
    expect(drain).toHaveBeenCalledTimes(2);
    release();
    await tick();
    await tick();
    expect(drain).toHaveBeenCalledTimes(2);
    expect(most).toBe(1);
    await loop.stop();
  });

  it('reports a failed pass and keeps going; stop waits for the pass under way and ends the loop', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const errors: unknown[] = [];
    let n = 0;
    const drain = vi.fn(async () => {
      n++;
      if (n === 1) throw new Error('boom');
    });
    const loop = createDrainLoop({ drain, pollMs: 10, onError: (e) => errors.push(e) });
    loop.start();
    await tick();
    expect(errors).toEqual([new Error('boom')]);
    await vi.advanceTimersByTimeAsync(10);
    expect(drain).toHaveBeenCalledTimes(2);
    await loop.stop();
    await vi.advanceTimersByTimeAsync(1000);
    loop.wake();
    expect(drain).toHaveBeenCalledTimes(2);
  });
});
