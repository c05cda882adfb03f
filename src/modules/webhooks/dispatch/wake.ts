/**
 * Wakes the delivery loop: at once (`kick`: a NOTIFY, a free slot, a stop), at a given time (`at`: a
 * retry just recorded), or when its sleep runs out. A kick while the loop is busy is remembered, so
 * the next sleep returns at once instead of missing it.
 */
export interface Wake {
  kick(): void;
  /** Sleeps up to `ms`, or until kicked. */
  sleep(ms: number): Promise<void>;
  /** Wake at `at` (epoch ms), unless an earlier wake-up is already planned. */
  at(at: number): void;
  /** Drops the planned wake-up (stopping). */
  cancel(): void;
}

export function createWake(): Wake {
  let woken = false;
  let wakeNow: (() => void) | null = null;
  const kick = () => {
    woken = true;
    wakeNow?.();
  };
  let plannedAt = Infinity;
  let plannedTimer: NodeJS.Timeout | undefined;
  return {
    kick,
    sleep(ms) {
      if (woken) {
        woken = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          wakeNow = null;
          woken = false;
          resolve();
        };
        const t = setTimeout(done, ms);
        wakeNow = done;
      });
    },
    at(at) {
      if (at >= plannedAt && plannedTimer) return;
      clearTimeout(plannedTimer);
      plannedAt = at;
      plannedTimer = setTimeout(
        () => {
          plannedTimer = undefined;
          plannedAt = Infinity;
          kick();
        },
        Math.max(0, at - Date.now()),
      );
    },
    cancel() {
      clearTimeout(plannedTimer);
    },
  };
}
