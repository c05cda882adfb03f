/**
 * Prometheus metrics (docs/metrics.md): whether the hub collects them, and where `/metrics` is served.
 * The main port serves it only behind METRICS_TOKEN; METRICS_PORT opens an internal listener without
 * a token (the way a worker process, which has no public HTTP server, is scraped).
 */
import type { EnvReader } from './env.js';

export interface MetricsConfig {
  /** false → nothing is collected and `/metrics` answers 404 everywhere (benchmarks). */
  readonly enabled: boolean;
  /** Bearer token for `/metrics` on the main port; undefined → not served there. */
  readonly token: string | undefined;
  /** Port of the internal metrics listener (0 = any free port); undefined → no such listener. */
  readonly port: number | undefined;
  readonly host: string;
}

export function loadMetricsConfig(r: EnvReader): MetricsConfig {
  const enabled = r.bool('METRICS_ENABLED', true);
  const token = r.str('METRICS_TOKEN');
  // As long as the other shared secrets: a scraper's token is guessed online, one request per try.
  if (token !== undefined && token.length < 16) r.problem('METRICS_TOKEN must be at least 16 characters');
  const port = r.str('METRICS_PORT') === undefined ? undefined : r.int('METRICS_PORT', 0, 0, 65535);
  return { enabled, token, port, host: r.str('METRICS_HOST') ?? '127.0.0.1' };
}
