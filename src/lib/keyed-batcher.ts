/**
 * Coalesces concurrent work per key: while one batch of a key runs, new items of that key wait, and
 * all that waited go together in the next batch (up to `maxBatch`). With nothing in flight an item
 * starts at once, so a lone request never waits for a timer. This is group commit: N concurrent
 * creates of one company become one statement holding the company's lock once instead of N times.
 *
 * `run(key, items)` must return one result per item, in order; if it throws, every item of that
 * batch is rejected with the error. Keys run independently and concurrently.
 */
export class KeyedBatcher<I, O> {
  private readonly queues = new Map<string, { waiting: Array<Pending<I, O>>; running: boolean }>();

  constructor(
    private readonly run: (key: string, items: I[]) => Promise<O[]>,
    private readonly maxBatch = 50,
  ) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError('maxBatch must be a positive integer');
  }

  submit(key: string, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      let q = this.queues.get(key);
      if (!q) {
        q = { waiting: [], running: false };
        this.queues.set(key, q);
      }
      q.waiting.push({ item, resolve, reject });
      if (!q.running) void this.drain(key, q);
    });
  }

  /** Keys with work queued or running (for tests and diagnostics). */
  get activeKeys(): number {
    return this.queues.size;
  }

  private async drain(key: string, q: { waiting: Array<Pending<I, O>>; running: boolean }): Promise<void> {
    q.running = true;
    while (q.waiting.length > 0) {
      const batch = q.waiting.splice(0, this.maxBatch);
      try {
        const results = await this.run(
          key,
          batch.map((p) => p.item),
        );
        if (results.length !== batch.length) throw new Error(`batch of ${batch.length} returned ${results.length} results`);
        batch.forEach((p, i) => p.resolve(results[i]!));
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    q.running = false;
    this.queues.delete(key);
  }
}

interface Pending<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (err: unknown) => void;
}
