/**
 * The one environment reader. Every setting is read through it, so every setting follows the same
 * rules, and a bad value is added to the problem list (start-up then stops with every problem listed)
 * instead of throwing at the first one.
 *
 * Rules:
 * - a value is trimmed; unset and blank are the same (the default applies);
 * - booleans: `true`, `1`, `yes`, `on` and `false`, `0`, `no`, `off`, in any case; anything else is
 *   refused (`X must be true or false (got "…")`);
 * - numbers: decimal, within the given bounds, integers unless said otherwise;
 * - URLs: parsed, and the scheme must be one of those given.
 */
export type Env = Record<string, string | undefined>;

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** The boolean rule on its own: true, false, or null when `raw` is neither. */
export function parseBoolean(raw: string): boolean | null {
  const v = raw.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return null;
}

export interface EnvReader {
  /** The trimmed value, or undefined when unset or blank. */
  str(key: string): string | undefined;
  int(key: string, def: number, min: number, max: number): number;
  /** Any finite decimal number in bounds. */
  num(key: string, def: number, min: number, max: number): number;
  bool(key: string, def: boolean): boolean;
  /** The value when it parses as a URL with one of `protocols` (e.g. 'https:'); undefined when unset. */
  url(key: string, protocols: readonly string[]): string | undefined;
  /** Adds a problem of the caller's own (a rule between settings, a format of its own). */
  problem(message: string): void;
}

export function envReader(env: Env, problems: string[]): EnvReader {
  const str = (key: string): string | undefined => {
    const v = env[key];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const number = (key: string, def: number, min: number, max: number, integer: boolean): number => {
    const raw = str(key);
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
      problems.push(`${key} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max} (got "${raw}")`);
      return def;
    }
    return n;
  };
  return {
    str,
    int: (key, def, min, max) => number(key, def, min, max, true),
    num: (key, def, min, max) => number(key, def, min, max, false),
    bool(key, def) {
      const raw = str(key);
      if (raw === undefined) return def;
      const v = parseBoolean(raw);
      if (v === null) {
        problems.push(`${key} must be true or false (got "${raw}")`);
        return def;
      }
      return v;
    },
    url(key, protocols) {
      const raw = str(key);
      if (raw === undefined) return undefined;
      try {
        const u = new URL(raw);
        if (!protocols.includes(u.protocol)) problems.push(`${key} must use one of ${protocols.join(', ')} (got "${u.protocol}")`);
      } catch {
        problems.push(`${key} is not a valid URL`);
      }
      return raw;
    },
    problem: (message) => {
      problems.push(message);
    },
  };
}
