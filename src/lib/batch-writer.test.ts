import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBatchWriter } from './batch-writer.js';

const tick = () => new Promise((r) => setImmediate(r));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** A writer whose writes are recorded, and can be made to fail or to wait for `release()`. */
function setup(opts: { maxBatch?: number; maxQueued?: number; intervalMs?: number } = {}) {
  const writes: number[][] = [];
  const log = { warn: vi.fn(), error: vi.fn(), info: vi.fn() };
  const ctl = { fail: false, gate: undefined as Promise<void> | undefined, calls: 0 };
  let release = (): void => {};
  const writer = createBatchWriter<number>({
    name: 'test log',
    log,
    maxBatch: opts.maxBatch ?? 3,
    maxQueued: opts.maxQueued ?? 10,
    intervalMs: opts.intervalMs ?? 1_000,
    write: async (rows) => {
      ctl.calls += 1;
      if (ctl.gate) await ctl.gate;
      if (ctl.fail) throw new Error('database away');
      writes.push([...rows]);
    },
  });
  const hold = () => (ctl.gate = new Promise<void>((r) => (release = r)));
  const open = () => {
    ctl.gate = undefined;
    release();
  };
  return { writer, writes, log, ctl, hold, open };
}

afterEach(() => void vi.useRealTimers());

describe('batch writer', () => {
  it('a flush writes the rows queued when it was called: rows pushed during its write wait for the next flush or a full batch', async () => {
    const { writer, writes, hold, open } = setup({ maxBatch: 5, maxQueued: 50 });
    writer.push(1);
    writer.push(2);
    void hold();
    const flushed = writer.flush();
    await tick();
    // Steady traffic while the write is on its way: these are not chased with writes of a few rows each.
    writer.push(3);
    writer.push(4);
    open();
    await flushed;
    expect(writes).toEqual([[1, 2]]);
    expect(writer.pending).toBe(2);
    // A flush called while another runs is owed its own rows.
    void hold();
    const first = writer.flush();
    await tick();
    writer.push(5);
    const second = writer.flush();
    writer.push(6);
    open();
    await Promise.all([first, second]);
    // The batch that writes an owed row takes what follows it too, up to a full batch.
    expect(writes).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(writer.pending).toBe(0);
    // Five rows are a full batch: written without waiting for a flush.
    for (const i of [7, 8, 9, 10]) writer.push(i);
    await tick();
    expect(writes).toHaveLength(3);
    writer.push(11);
    await tick();
    await tick();
    expect(writes.at(-1)).toEqual([7, 8, 9, 10, 11]);
  });

  it('queues without writing until a flush, then writes the rows in order, one call per batch of at most maxBatch', async () => {
    const { writer, writes } = setup({ maxBatch: 500, maxQueued: 5_000 });
    for (const i of range(0, 1_234)) expect(writer.push(i)).toBe(true);
    // 500 rows waiting scheduled a write for the next turn of the event loop: nothing inside push.
    expect(writes).toEqual([]);
    expect(writer.pending).toBe(1_234);
    await writer.flush();
    expect(writes.map((w) => w.length)).toEqual([500, 500, 234]);
    expect(writes.flat()).toEqual(range(0, 1_234));
    expect(writer.pending).toBe(0);
    expect(writer.written).toBe(1_234);
    // Nothing queued: no write at all.
    await writer.flush();
    expect(writes).toHaveLength(3);
  });

  it('starts a write by itself once maxBatch rows wait, without a timer or a flush', async () => {
    const { writer, writes } = setup({ maxBatch: 3 });
    writer.push(1);
    writer.push(2);
    await tick();
    expect(writes).toEqual([]);
    writer.push(3);
    await tick();
    expect(writes).toEqual([[1, 2, 3]]);
  });

  it('the size trigger writes full batches only; the rest waits for the timer or a flush', async () => {
    const { writer, writes } = setup({ maxBatch: 3, maxQueued: 100 });
    range(0, 8).forEach((i) => writer.push(i));
    await tick();
    expect(writes).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(writer.pending).toBe(2);
    await writer.flush();
    expect(writes).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7],
    ]);
  });

  it('a flush asked for during a running write waits for it, then writes everything', async () => {
    const { writer, writes, hold, open } = setup({ maxBatch: 3, maxQueued: 100 });
    void hold();
    range(0, 4).forEach((i) => writer.push(i));
    await tick(); // [0, 1, 2] is being written
    writer.push(4);
    const flushed = writer.flush();
    open();
    await flushed;
    expect(writes).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
  });

  it('writes what waits every intervalMs once started, and no more after close', async () => {
    vi.useFakeTimers();
    const { writer, writes } = setup({ maxBatch: 100, maxQueued: 1_000, intervalMs: 1_000 });
    writer.start();
    writer.push(1);
    writer.push(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes).toEqual([[1, 2]]);
    writer.push(3);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(writes).toEqual([[1, 2], [3]]);
    await writer.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('drops and counts rows beyond maxQueued (queued plus being written), warning once per burst', async () => {
    const { writer, writes, log, hold, open } = setup({ maxBatch: 5, maxQueued: 10 });
    void hold();
    // Rows 0–4 start a write that hangs; 5–9 fill the queue; 10–16 are dropped.
    const accepted = range(0, 17).map((i) => writer.push(i));
    expect(accepted).toEqual([...Array<boolean>(10).fill(true), ...Array<boolean>(7).fill(false)]);
    expect(writer.dropped).toBe(7);
    expect(writer.pending).toBe(10);
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0]![1]).toBe('test log: queue full, dropping rows until it drains');
    open();
    await writer.flush();
    expect(writes).toEqual([range(0, 5), range(5, 10)]);
    // The burst's end, with its count, once the queue drained.
    expect(log.warn).toHaveBeenCalledTimes(2);
    expect(log.warn.mock.calls[1]![0]).toMatchObject({ dropped: 7, droppedTotal: 7, maxQueued: 10 });
    // A new burst warns again; the total keeps counting.
    void hold();
    range(100, 113).forEach((i) => writer.push(i));
    expect(writer.dropped).toBe(10);
    expect(log.warn).toHaveBeenCalledTimes(3);
    open();
    await writer.close();
  });

  it('keeps the rows of a failed write, in order, for the next attempt; one error per outage, one line when back', async () => {
    const { writer, writes, log, ctl } = setup({ maxBatch: 3, maxQueued: 10 });
    ctl.fail = true;
    range(0, 5).forEach((i) => writer.push(i));
    await tick(); // the size trigger's attempt
    await writer.flush();
    expect(ctl.calls).toBe(2); // each attempt stops at its first failure
    expect(writes).toEqual([]);
    expect(writer.pending).toBe(5);
    expect(writer.failedWrites).toBe(2);
    expect(log.error).toHaveBeenCalledTimes(1);
    // While failing, reaching maxBatch again does not start a write: the timer retries.
    const before = ctl.calls;
    range(5, 8).forEach((i) => writer.push(i));
    await tick();
    expect(ctl.calls).toBe(before);
    ctl.fail = false;
    await writer.flush();
    expect(writes).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7],
    ]);
    expect(log.info).toHaveBeenCalledTimes(1);
    expect(writer.dropped).toBe(0);
  });

  it('holds at most maxQueued rows through an outage: the newest beyond it are dropped', async () => {
    const { writer, writes, ctl } = setup({ maxBatch: 4, maxQueued: 8 });
    ctl.fail = true;
    range(0, 20).forEach((i) => writer.push(i));
    await writer.flush();
    expect(writer.pending).toBe(8);
    expect(writer.dropped).toBe(12);
    ctl.fail = false;
    await writer.flush();
    expect(writes.flat()).toEqual(range(0, 8));
  });

  it('close writes everything queued, including what arrives during a running write; rows pushed after close are written at once', async () => {
    const { writer, writes, hold, open } = setup({ maxBatch: 3, maxQueued: 100 });
    writer.start();
    void hold();
    range(0, 3).forEach((i) => writer.push(i)); // a write starts and hangs
    await tick();
    range(3, 8).forEach((i) => writer.push(i));
    const closing = writer.close();
    writer.push(8);
    open();
    await closing;
    expect(writes.flat()).toEqual(range(0, 9));
    writer.push(9);
    await tick();
    expect(writes.flat()).toEqual(range(0, 10));
    expect(writer.pending).toBe(0);
  });

  it('close gives up on rows it cannot write: logged and counted as dropped, and it still resolves', async () => {
    const { writer, log, ctl } = setup({ maxBatch: 3, maxQueued: 10 });
    ctl.fail = true;
    range(0, 4).forEach((i) => writer.push(i));
    await writer.close();
    expect(writer.pending).toBe(0);
    expect(writer.dropped).toBe(4);
    expect(log.error).toHaveBeenLastCalledWith({ queue: 'test log', lost: 4 }, 'test log: 4 rows could not be written at close');
  });

  it('rows the write refuses for good are counted as dropped, not written, and not retried', async () => {
    const log = { warn: vi.fn(), error: vi.fn(), info: vi.fn() };
    const seen: number[][] = [];
    const writer = createBatchWriter<number>({
      name: 'x',
      log,
      maxBatch: 4,
      write: async (rows) => {
        seen.push([...rows]);
        return rows.filter((r) => r < 0).length;
      },
    });
    [1, -2, 3, -4, 5].forEach((i) => writer.push(i));
    await writer.flush();
    expect(seen).toEqual([[1, -2, 3, -4], [5]]);
    expect([writer.written, writer.dropped, writer.pending, writer.failedWrites]).toEqual([3, 2, 0, 0]);
  });

  it('onWriteError, when given, is told of the first failed write of an outage instead of the error line', async () => {
    const log = { warn: vi.fn(), error: vi.fn(), info: vi.fn() };
    const told: Array<[string, number]> = [];
    let fail = true;
    const writer = createBatchWriter<number>({
      name: 'test log',
      log,
      maxBatch: 3,
      maxQueued: 10,
      onWriteError: (err, pending) => told.push([(err as Error).message, pending]),
      write: async () => {
        if (fail) throw new Error('connection terminated');
      },
    });
    writer.push(1);
    writer.push(2);
    await writer.flush();
    await writer.flush();
    expect(told).toEqual([['connection terminated', 2]]);
    expect(log.error).not.toHaveBeenCalled();
    fail = false;
    await writer.flush();
    expect(writer.written).toBe(2);
    expect(log.info).toHaveBeenCalledTimes(1);
  });

  it('refuses impossible bounds', () => {
    const base = { name: 'x', log: { warn() {}, error() {}, info() {} }, write: async () => {} };
    expect(() => createBatchWriter({ ...base, maxBatch: 0 })).toThrow(RangeError);
    expect(() => createBatchWriter({ ...base, maxBatch: 1.5 })).toThrow(RangeError);
    expect(() => createBatchWriter({ ...base, maxBatch: 10, maxQueued: 9 })).toThrow(RangeError);
  });
});
