/**
 * The webhook settings from the environment, and the grammar of WEBHOOK_RETRY_SCHEDULE (the webhook
 * module re-exports it from schedule.ts, where the retry decisions use it).
 */
import type { EnvReader } from './env.js';

/** A single step may not exceed a day (the longest step in Standard Webhooks' example table). */
export const MAX_STEP_SECONDS = 24 * 60 * 60;
export const MAX_STEPS = 20;

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** Throws unless `schedule` is 1–20 positive, non-decreasing delays of at most a day each. */
export function assertSchedule(schedule: readonly number[]): void {
  if (schedule.length === 0 || schedule.length > MAX_STEPS) {
    throw new RangeError(`a retry schedule has 1–${MAX_STEPS} delays, got ${schedule.length}`);
  }
  schedule.forEach((d, i) => {
    if (!Number.isFinite(d) || d <= 0 || d > MAX_STEP_SECONDS) {
      throw new RangeError(`retry delay #${i + 1} must be > 0 and ≤ ${MAX_STEP_SECONDS} s, got ${d}`);
    }
    if (i > 0 && d < schedule[i - 1]!) {
      throw new RangeError(`retry delays must not decrease: #${i + 1} (${d} s) < #${i} (${schedule[i - 1]} s)`);
    }
  });
}

/**
 * "5s,5m,30m,2h" or "1,2,4,8,16" (plain numbers are seconds; units ms, s, m, h, d) → seconds.
 * Throws a RangeError naming the bad item.
 */
export function parseSchedule(text: string): number[] {
  const items = text.split(',').map((s) => s.trim());
  const out = items.map((item, i) => {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(item);
    if (!m) throw new RangeError(`retry schedule item #${i + 1} ${JSON.stringify(item)} is not a duration like 30s, 5m, 2h or 10`);
    return Number(m[1]) * UNIT_SECONDS[m[2] ?? 's']!;
  });
  assertSchedule(out);
  return out;
}

export interface WebhooksConfig {
  /** Let deliveries reach private, loopback, unique-local and CGNAT addresses (development, tests). */
  readonly allowPrivateNetworks: boolean;
  /** Seconds between attempts: attempt 1 at once, then one retry per entry. */
  readonly retrySchedule: readonly number[];
  /** Whole-attempt limit (connect + send + response). */
  readonly timeoutMs: number;
  /** Deliveries in flight at once, per worker process. */
  readonly concurrency: number;
}

export function loadWebhooksConfig(env: EnvReader): WebhooksConfig {
  const scheduleText = env.str('WEBHOOK_RETRY_SCHEDULE') ?? '1s,2s,4s,8s,16s';
  let retrySchedule: number[] = [1, 2, 4, 8, 16];
  try {
    retrySchedule = parseSchedule(scheduleText);
  } catch (err) {
    env.problem(`WEBHOOK_RETRY_SCHEDULE: ${(err as Error).message}`);
  }
  return {
    allowPrivateNetworks: env.bool('WEBHOOK_ALLOW_PRIVATE_NETWORKS', false),
    retrySchedule,
    timeoutMs: env.int('WEBHOOK_TIMEOUT_SECONDS', 10, 1, 60) * 1000,
    concurrency: env.int('WEBHOOK_CONCURRENCY', 64, 1, 1000),
  };
}
