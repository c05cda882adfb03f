/** Helpers of the dashboard's tabs: loading an admin API answer, money and percent, an error line. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { FastForwardError } from '../../../src/client/index.js';

export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): { data: T | null; error: string | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [n, setN] = useState(0);
  const reload = useCallback(() => setN((x) => x + 1), []);
  useEffect(() => {
    let gone = false;
    load()
      .then((d) => !gone && (setData(d), setError(null)))
      .catch((err: unknown) => !gone && setError(problem(err)));
    return () => {
      gone = true;
    };
    // The caller names what the load depends on (`deps`).
  }, [n, ...deps]);
  return { data, error, reload };
}

export function problem(err: unknown): string {
  return err instanceof FastForwardError ? `${err.message} (${err.code})` : 'The hub did not answer. Try again.';
}

export const money = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
export const pct = (n: number | null) => (n === null ? '—' : `${n.toLocaleString('en-US', { maximumFractionDigits: 1 })}%`);
export const when = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—';

export function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p class="notice bad" role="alert">
      {error}
    </p>
  ) : null;
}

/** A usage bar with its numbers in words: the bar is never the only way to read it. */
export function UsageBar({ used, capacity }: { used: number; capacity: number }) {
  const p = capacity > 0 ? Math.min(100, Math.round((used / capacity) * 100)) : 0;
  return (
    <div class="usage">
      <span>
        {used.toLocaleString('en-US')} / {capacity.toLocaleString('en-US')}
      </span>
      <div
        class="bar"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={capacity}
        aria-valuenow={used}
        aria-label={`${used} of ${capacity} used (${p}%)`}
      >
        <span class={p >= 90 ? 'hot' : ''} style={{ width: `${p}%` }} />
      </div>
    </div>
  );
}
