/**
 * Where rate-limit counters live: in Redis while it answers (shared by every process), in this
 * process's memory while it does not. A Redis that is away must neither slow requests down (no
 * offline queue, short timeouts) nor switch limits off: the counters fall back to memory, and go
 * back to Redis as soon as it answers again.
 */
import { createRequire } from 'node:module';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** One counter's state after an increment: requests in the window so far and ms until it resets. */
export interface Count {
  current: number;
  ttl: number;
}

type Callback = (err: Error | null, res: Count | null) => void;
interface CounterStore {
  incr(key: string, cb: Callback, timeWindow: number, max: number): void;
  read(key: string, cb: Callback, timeWindow: number, max: number): void;
}

// The counting itself is @fastify/rate-limit's: its Redis store is one Lua script (INCR + PEXPIRE,
// atomic, fixed window) and its local store an LRU of windows. Neither is in the package's typed
// exports, hence require.
const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: Redis,
  nameSpace: string,
) => CounterStore;
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  cache: number,
) => CounterStore;

/** Keys kept in memory per budget while Redis is away (least recently used ones are dropped first). */
const LOCAL_KEYS = 10_000;
/** How often a Redis marked down is pinged while its connection claims to be open. */
const PROBE_MS = 1_000;

/**
 * The Redis client for rate limits. Every option is about failing fast: a command while disconnected
 * fails at once instead of waiting in a queue; a command that gets no answer fails after
 * `commandTimeout`; a dead connection is not retried per command. ioredis keeps reconnecting in the
 * background (every ≤ 2 s), and `RedisHealth` notices when it is back.
 */
export function createRateLimitRedis(url: string): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    connectTimeout: 1_000,
    commandTimeout: 500,
    maxRetriesPerRequest: 0,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
  });
}

/** Resolves when the client is connected, or after `ms` (the hub then starts on local counters). */
export function redisReady(redis: Redis, ms: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    redis.on('ready', onReady);
  });
}

/**
 * Whether Redis is answering, for one client. One warning when it goes away and one info line when
 * it is back, whatever the number of requests in between.
 */
export class RedisHealth {
  #state: 'unknown' | 'up' | 'down';
  #probe: NodeJS.Timeout | undefined;
  #reason: string | undefined;

  constructor(
    readonly redis: Redis,
    private readonly log: Logger,
  ) {
    this.#state = redis.status === 'ready' ? 'up' : 'unknown';
    redis.on('ready', () => this.markUp());
    // Without a listener ioredis prints every failed reconnect to stderr; the state change is logged once instead.
    redis.on('error', (err: Error) => log.debug({ err: err.message }, 'redis error'));
    redis.on('end', () => this.#stopProbe());
  }

  /** True while counters should go to Redis. Before the first connection, false (memory). */
  get up(): boolean {
    if (this.#state !== 'up') return false;
    if (this.redis.status !== 'ready') {
      this.markDown(new Error(`connection ${this.redis.status}`));
      return false;
    }
    return true;
  }

  markDown(err: unknown): void {
    if (this.#state === 'down') return;
    this.#state = 'down';
    this.#reason = err instanceof Error ? err.message : String(err);
    this.log.warn({ err: this.#reason }, 'Redis is unreachable: rate limits are counted in this process until it is back');
    // A connection that stays open but does not answer (a paused server) never emits `ready` again: ping it.
    this.#probe = setInterval(() => {
      if (this.redis.status !== 'ready') return; // reconnecting: `ready` will tell
      this.redis.ping().then(
        () => this.markUp(),
        () => {},
      );
    }, PROBE_MS);
    this.#probe.unref();
  }

  /**
   * What /readyz reports: a round trip (PING, within the client's command timeout) while Redis is
   * thought up — so a server that stopped answering is noticed without waiting for a request — and
   * why it is down otherwise. A failed PING switches the counters to memory like a failed command.
   */
  async check(): Promise<{ ok: true } | { ok: false; reason: string }> {
    if (this.up) {
      try {
        await this.redis.ping();
        return { ok: true };
      } catch (err) {
        this.markDown(err);
      }
    }
    return { ok: false, reason: this.#reason ?? `connection ${this.redis.status}` };
  }

  markUp(): void {
    this.#stopProbe();
    this.#reason = undefined;
    if (this.#state === 'down') this.log.info('Redis is back: rate limits are counted in Redis again');
    this.#state = 'up';
  }

  #stopProbe(): void {
    if (this.#probe) clearInterval(this.#probe);
    this.#probe = undefined;
  }
}

const healths = new WeakMap<Redis, RedisHealth>();

/** One health per client, whichever app or store asks first (tests build several apps on one client). */
export function redisHealth(redis: Redis, log: Logger): RedisHealth {
  let h = healths.get(redis);
  if (!h) healths.set(redis, (h = new RedisHealth(redis, log)));
  return h;
}

/**
 * One budget's counters (one name space): Redis while healthy, memory otherwise. Counts made in
 * memory during an outage stay in memory: when Redis is back, counting continues from Redis's own
 * (older, possibly expired) windows. In memory each process counts alone, so during an outage a
 * client may get up to one budget per process.
 */
export class FailoverStore {
  readonly #local = new LocalStore(false, false, LOCAL_KEYS);
  readonly #redis: CounterStore | undefined;

  constructor(
    nameSpace: string,
    private readonly health: RedisHealth | undefined,
  ) {
    this.#redis = health ? new RedisStore(false, false, health.redis, nameSpace) : undefined;
  }

  /** Counts one request against `key` and returns the window's state; never rejects (memory when Redis fails). */
  incr(key: string, windowMs: number, max: number): Promise<Count & { shared: boolean }> {
    return this.#use('incr', key, windowMs, max);
  }

  /** The window's state without counting (`current` 0 when there is none). */
  peek(key: string, windowMs: number, max: number): Promise<Count & { shared: boolean }> {
    return this.#use('read', key, windowMs, max);
  }

  async #use(op: 'incr' | 'read', key: string, windowMs: number, max: number): Promise<Count & { shared: boolean }> {
    if (this.#redis && this.health!.up) {
      try {
        return { ...(await call(this.#redis, op, key, windowMs, max)), shared: true };
      } catch (err) {
        this.health!.markDown(err);
      }
    }
    return { ...(await call(this.#local, op, key, windowMs, max)), shared: false };
  }
}

function call(store: CounterStore, op: 'incr' | 'read', key: string, windowMs: number, max: number): Promise<Count> {
  return new Promise((resolve, reject) => {
    // Copied at once: the local store hands out its own mutable entry, which the next request changes.
    const done: Callback = (err, res) =>
      err || !res ? reject(err ?? new Error('no counter state')) : resolve({ current: res.current, ttl: res.ttl });
    store[op](key, done, windowMs, max);
  });
}
