/**
 * The loop of an outbox drainer: a pass (`drain`, which empties the outbox and returns) runs when
 * woken and at the latest `pollMs` after the previous one ended; a wake during a pass runs one more
 * pass right after it, never two at once. `stop` waits for the pass under way.
 */
export interface DrainLoop {
  start(): void;
  stop(): Promise<void>;
  /** Run a pass now (or right after the one under way). */
  wake(): void;
}

export function createDrainLoop(opts: { drain: () => Promise<void>; pollMs: number; onError: (err: unknown) => void }): DrainLoop {
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | undefined;
  let again = false;

  function run(): void {
    if (!running) return;
    if (pass) {
      again = true;
      return;
    }
    clearTimeout(timer);
    pass = opts
      .drain()
      .catch(opts.onError)
      .finally(() => {
        pass = undefined;
        if (!running) return;
        if (again) {
          again = false;
          setImmediate(run);
        } else timer = setTimeout(run, opts.pollMs);
      });
  }

  return {
    start() {
      running = true;
      run();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await pass;
    },
    wake: run,
  };
}
