import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWake } from './wake.js';

describe('dispatcher wake-ups', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const settled = (p: Promise<void>) => {
    let done = false;
    void p.then(() => (done = true));
    return () => done;
  };

  it('a sleep ends when its time runs out', async () => {
    const wake = createWake();
    const done = settled(wake.sleep(100));
    await vi.advanceTimersByTimeAsync(99);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
  });

  it('a kick ends the sleep at once', async () => {
    const wake = createWake();
    const done = settled(wake.sleep(10_000));
    wake.kick();
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(true);
  });

  it('a kick while awake is kept for the next sleep, once', async () => {
    const wake = createWake();
    wake.kick();
    const first = settled(wake.sleep(10_000));
    await vi.advanceTimersByTimeAsync(0);
    expect(first()).toBe(true);
    const second = settled(wake.sleep(10_000));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(second()).toBe(false);
  });

  it('at(): wakes at the earliest planned time; a later one does not postpone it', async () => {
    const wake = createWake();
    const now = Date.now();
    wake.at(now + 300);
    wake.at(now + 900);
    const done = settled(wake.sleep(10_000));
    await vi.advanceTimersByTimeAsync(299);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
  });

  it('at(): an earlier time replaces the planned one; cancel drops it', async () => {
    const wake = createWake();
    const now = Date.now();
    wake.at(now + 900);
    wake.at(now + 100);
    const done = settled(wake.sleep(10_000));
    await vi.advanceTimersByTimeAsync(100);
    expect(done()).toBe(true);
    wake.at(Date.now() + 50);
    wake.cancel();
    const later = settled(wake.sleep(1_000));
    await vi.advanceTimersByTimeAsync(500);
    expect(later()).toBe(false);
  });
});
