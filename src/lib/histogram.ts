/**
 * Bucketed latency: which bucket a value falls in, and a quantile estimated from bucket counts, the way
 * Prometheus' `histogram_quantile` does it. Pure: no I/O.
 *
 * Used where keeping every value is too costly to read back: the API log's per-second rollups count
 * request durations per bucket, and the alert rules estimate p95 from the sum of those counts.
 */

/**
 * Upper bounds, in ms, of the request-latency buckets: the same as the `/metrics` request histogram's
 * (in seconds there). The alert threshold's default (1 s) and its critical level (5 s) are bounds, so
 * at the defaults "p95 above the threshold" is decided exactly, not by the estimate's interpolation.
 */
export const REQUEST_LATENCY_BOUNDS_MS: readonly number[] = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/** The index of the first bound ≥ `value`; `bounds.length` (the overflow bucket) when above them all. */
export function bucketIndex(bounds: readonly number[], value: number): number {
  for (let i = 0; i < bounds.length; i++) if (value <= bounds[i]!) return i;
  return bounds.length;
}

/**
 * The `q` quantile (0 < q ≤ 1) of values counted per bucket: `counts[i]` values in (bounds[i-1],
 * bounds[i]] (from 0 for the first), `counts[bounds.length]` above the last bound. Interpolates linearly
 * inside the bucket where the rank falls; a rank in the overflow bucket answers the last bound (all that
 * is known is "above it"). Null when nothing was counted.
 */
export function quantileFromBuckets(bounds: readonly number[], counts: readonly number[], q: number): number | null {
  if (!(q > 0 && q <= 1)) throw new RangeError('q must be in (0, 1]');
  if (counts.length !== bounds.length + 1) throw new RangeError('counts must have one element per bound plus the overflow');
  let total = 0;
  for (const c of counts) total += c;
  if (total <= 0) return null;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < bounds.length; i++) {
    const n = counts[i]!;
    if (below + n >= rank) {
      const lower = i === 0 ? 0 : bounds[i - 1]!;
      return lower + ((bounds[i]! - lower) * (rank - below)) / n;
    }
    below += n;
  }
  return bounds[bounds.length - 1]!;
}
