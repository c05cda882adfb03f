/**
 * The hub's Prometheus metrics (docs/metrics.md lists every family). One registry per hub, never
 * prom-client's global one: a test process starts several hubs, and each must count only its own.
 *
 * The modules do not import this file. Each reports through a seam it owns — the carrier library's
 * observer, the rate limits' refusal sink, the dispatcher's `onAttempt` — or is wrapped here at
 * composition (callbacks, balance runs); services.ts and app.ts join them. Labels are bounded: route
 * patterns, carrier codes, policy names, queue names, outcomes; never a URL, an id or an address.
 *
 * METRICS_ENABLED=false: every recording call returns at once and nothing is registered (the benchmark
 * measures the hub without it).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type Metric } from 'prom-client';
import { AppError } from '../../errors.js';
import { REQUEST_LATENCY_BOUNDS_MS } from '../../lib/histogram.js';
import { HttpStats } from './http-stats.js';

/** Every family's name, in one place (docs/metrics.md follows this list). */
export const METRIC = {
  httpRequests: 'fastforward_http_requests_total',
  httpDuration: 'fastforward_http_request_duration_seconds',
  httpErrors: 'fastforward_http_errors_total',
  webhookDeliveries: 'fastforward_webhook_deliveries_total',
  webhookDuration: 'fastforward_webhook_delivery_duration_seconds',
  webhookQueueDepth: 'fastforward_webhook_queue_depth',
  carrierRequests: 'fastforward_carrier_requests_total',
  carrierDuration: 'fastforward_carrier_request_duration_seconds',
  carrierErrors: 'fastforward_carrier_errors_total',
  carrierCircuit: 'fastforward_carrier_circuit_state',
  carrierCallbacks: 'fastforward_carrier_callbacks_total',
  callbackQueueDepth: 'fastforward_carrier_callback_queue_depth',
  balanceRuns: 'fastforward_balance_runs_total',
  balanceDuration: 'fastforward_balance_run_duration_seconds',
  rateLimited: 'fastforward_rate_limit_rejections_total',
  jobQueueDepth: 'fastforward_job_queue_depth',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** The circuit gauge's values: an alert on `== 2` reads "open". */
export const CIRCUIT_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

export type WebhookOutcome = 'delivered' | 'retrying' | 'failed' | 'skipped';
export type CallbackOutcome = 'received' | 'duplicate' | 'rejected' | 'error';
export type BalanceOutcome = 'completed' | 'skipped' | 'conflict' | 'failed';

/** What the queue-depth gauges read at scrape time (the outbox monitor's cached verdict). */
export interface QueueDepths {
  outboxes: ReadonlyArray<{ name: string; waiting: number }>;
}

// Seconds. HTTP: most answers are a few ms; the tail (reports, balance) reaches seconds. The API log's
// rollups count the same buckets (in ms), which the alert rules read.
const HTTP_BUCKETS = REQUEST_LATENCY_BOUNDS_MS.map((ms) => ms / 1000);
// Outbound calls wait on other people's servers: up to the 8 s carrier / 10 s webhook deadlines.
const OUTBOUND_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
// A balance run is one transaction over up to 10,000 shipments: tens of ms to tens of seconds.
const RUN_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

export function createMetrics(opts: { enabled: boolean }) {
  const registry = new Registry();
  const enabled = opts.enabled;
  const registers = enabled ? [registry] : [];
  let depths: (() => Promise<QueueDepths>) | undefined;
  let jobQueues: readonly string[] = [];
  let lastDepths: QueueDepths | undefined;
  let inflight: Promise<QueueDepths | undefined> | undefined;

  if (enabled) collectDefaultMetrics({ register: registry, prefix: 'fastforward_' });

  // Requests and their durations: recorded on every answer, so counted outside prom-client (http-stats.ts).
  const httpStats = new HttpStats(HTTP_BUCKETS);
  if (enabled)
    for (const family of httpStats.metrics(
      { requests: METRIC.httpRequests, duration: METRIC.httpDuration },
      {
        requests: 'HTTP requests answered, by method, route pattern and status class',
        duration: 'Time from receiving a request to the end of its answer, by route pattern and method',
      },
    ))
      // The registry reads a metric through name, help, type and get(): http-stats.ts provides them.
      registry.registerMetric(family as unknown as Metric);
  const httpErrors = new Counter({
    name: METRIC.httpErrors,
    help: 'HTTP answers with a 4xx or 5xx status, by method, route pattern, status class and status',
    labelNames: ['method', 'route', 'status_class', 'status'] as const,
    registers,
  });
  const webhookDeliveries = new Counter({
    name: METRIC.webhookDeliveries,
    help: 'Webhook delivery attempts by outcome (delivered, retrying, failed, skipped)',
    labelNames: ['outcome'] as const,
    registers,
  });
  const webhookDuration = new Histogram({
    name: METRIC.webhookDuration,
    help: 'Duration of webhook delivery attempts that reached the network',
    buckets: OUTBOUND_BUCKETS,
    registers,
  });
  const carrierRequests = new Counter({
    name: METRIC.carrierRequests,
    help: "HTTP attempts to carriers' APIs (retries each count), by carrier and outcome (status class or transport failure)",
    labelNames: ['carrier', 'outcome'] as const,
    registers,
  });
  const carrierDuration = new Histogram({
    name: METRIC.carrierDuration,
    help: "Duration of one HTTP attempt to a carrier's API",
    labelNames: ['carrier'] as const,
    buckets: OUTBOUND_BUCKETS,
    registers,
  });
  const carrierErrors = new Counter({
    name: METRIC.carrierErrors,
    help: 'Carrier tracking calls that ended in an error (after retries), by carrier and error code',
    labelNames: ['carrier', 'code'] as const,
    registers,
  });
  const carrierCircuit = new Gauge({
    name: METRIC.carrierCircuit,
    help: "A carrier's circuit breaker in this process: 0 closed, 1 half-open, 2 open",
    labelNames: ['carrier'] as const,
    registers,
  });
  const carrierCallbacks = new Counter({
    name: METRIC.carrierCallbacks,
    help: 'Carrier callbacks by outcome (received, duplicate, rejected, error)',
    labelNames: ['carrier', 'outcome'] as const,
    registers,
  });
  const balanceRuns = new Counter({
    name: METRIC.balanceRuns,
    help: 'Balance engine runs by action, trigger and outcome (completed, skipped, conflict, failed)',
    labelNames: ['action', 'trigger', 'outcome'] as const,
    registers,
  });
  const balanceDuration = new Histogram({
    name: METRIC.balanceDuration,
    help: 'Duration of balance engine runs, by action',
    labelNames: ['action'] as const,
    buckets: RUN_BUCKETS,
    registers,
  });
  const rateLimited = new Counter({
    name: METRIC.rateLimited,
    help: 'Requests refused with 429, by rate-limit policy (a tier name for company budgets)',
    labelNames: ['policy'] as const,
    registers,
  });

  /**
   * Read once per scrape, from the outbox monitor's verdict, which is cached for a few seconds: scrapes
   * cost at most one query per few seconds, whatever their number. A failed read keeps the last values.
   */
  function readDepths(): Promise<QueueDepths | undefined> {
    // prom-client collects the families of one scrape concurrently: the three gauges share one read.
    inflight ??= (async () => {
      try {
        if (depths) lastDepths = await depths();
      } catch {
        // The database is away: /readyz says so; the scrape still answers with the rest.
      }
      return lastDepths;
    })().finally(() => {
      inflight = undefined;
    });
    return inflight;
  }
  const waiting = (d: QueueDepths | undefined, name: string) => d?.outboxes.find((o) => o.name === name)?.waiting ?? 0;
  const depthGauge = (name: MetricName, help: string, outbox: string) =>
    new Gauge({
      name,
      help,
      registers,
      async collect() {
        this.set(waiting(await readDepths(), outbox));
      },
    });
  depthGauge(METRIC.webhookQueueDepth, 'Webhook messages due and waiting for a delivery attempt', 'webhook-messages');
  depthGauge(METRIC.callbackQueueDepth, 'Accepted carrier callbacks waiting to be published', 'carrier-callbacks');
  new Gauge({
    name: METRIC.jobQueueDepth,
    help: 'Jobs ready and waiting in each pg-boss queue',
    labelNames: ['queue'] as const,
    registers,
    async collect() {
      const d = await readDepths();
      for (const q of jobQueues) this.set({ queue: q }, waiting(d, `jobs:${q}`));
    },
  });

  return {
    enabled,
    registry,
    contentType: registry.contentType,

    /** Queue depths are read through `read` at scrape time; `queues` are the pg-boss queues to report (0 when empty). */
    readQueueDepthsFrom(read: () => Promise<QueueDepths>, queues: readonly string[]): void {
      depths = read;
      jobQueues = queues;
    },

    /** One answered request; `route` is the route's pattern, 'unmatched' when no route matched. */
    http(method: string, route: string, status: number, seconds: number): void {
      if (!enabled) return;
      const cls = statusClass(status);
      httpStats.record(method, route, cls, seconds);
      if (status >= 400) httpErrors.inc({ method, route, status_class: cls, status: String(status) });
    },

    webhookAttempt(outcome: WebhookOutcome, seconds: number | null): void {
      if (!enabled) return;
      webhookDeliveries.inc({ outcome });
      if (seconds !== null) webhookDuration.observe(seconds);
    },

    /** The carrier library's observer (src/carriers/http/resilience.ts CarrierObserver). */
    carriers: {
      attempt(carrier: string, seconds: number, outcome: string): void {
        if (!enabled) return;
        carrierRequests.inc({ carrier, outcome });
        carrierDuration.observe({ carrier }, seconds);
      },
      failure(carrier: string, code: string): void {
        if (enabled) carrierErrors.inc({ carrier, code });
      },
      breaker(carrier: string, state: keyof typeof CIRCUIT_VALUE): void {
        if (enabled) carrierCircuit.set({ carrier }, CIRCUIT_VALUE[state]);
      },
    },

    /** The rate limits' refusal sink: counts, then passes the refusal on to `next` (the 429 recorder). */
    refusals<R extends { policy: string }>(next: { refused(r: R): void } | undefined): { refused(r: R): void } {
      return {
        refused(r) {
          if (enabled) rateLimited.inc({ policy: r.policy });
          next?.refused(r);
        },
      };
    },

    /** Counts every outcome of the callbacks service's `receive` (a 200, a duplicate, a refusal). */
    callbacks<S extends { receive(...a: never[]): Promise<{ duplicate: boolean }> }>(carrier: string, svc: S): S {
      if (!enabled) return svc;
      const receive = svc.receive.bind(svc);
      return {
        ...svc,
        async receive(...a: Parameters<S['receive']>) {
          try {
            const r = await receive(...a);
            carrierCallbacks.inc({ carrier, outcome: r.duplicate ? 'duplicate' : 'received' });
            return r;
          } catch (err) {
            carrierCallbacks.inc({
              carrier,
              outcome: (err instanceof AppError && err.statusCode < 500 ? 'rejected' : 'error') satisfies CallbackOutcome,
            });
            throw err;
          }
        },
      };
    },

    /** Counts and times every balance run; null from `run` is a scheduled run skipped (another held the lock). */
    balance<S extends { run(req: { action: string; trigger: string }): Promise<unknown> }>(svc: S): S {
      if (!enabled) return svc;
      const run = svc.run.bind(svc);
      return {
        ...svc,
        async run(req: Parameters<S['run']>[0]) {
          const t0 = performance.now();
          const end = (outcome: BalanceOutcome) => {
            balanceRuns.inc({ action: req.action, trigger: req.trigger, outcome });
            if (outcome !== 'skipped' && outcome !== 'conflict') balanceDuration.observe({ action: req.action }, (performance.now() - t0) / 1000);
          };
          try {
            const r = await run(req);
            end(r === null ? 'skipped' : 'completed');
            return r;
          } catch (err) {
            end(err instanceof AppError && err.code === 'BALANCE_RUN_IN_PROGRESS' ? 'conflict' : 'failed');
            throw err;
          }
        },
      };
    },

    /** The text exposition format. */
    scrape(): Promise<string> {
      return registry.metrics();
    },
  };
}

export type HubMetrics = ReturnType<typeof createMetrics>;
