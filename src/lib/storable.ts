/**
 * What PostgreSQL can store. A `text` value cannot hold U+0000, and `json`/`jsonb` refuse the escape
 * `\u0000` and unpaired UTF-16 surrogates (`\ud800` alone), which JSON.parse accepts and JSON.stringify
 * writes back out. One such string that reaches a statement fails the whole statement — and, in a batch,
 * every row beside it. Input is checked here before it is acknowledged; text we only keep for the
 * record (a refused body, a receiver's answer, an error message) is made storable instead.
 */

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** True when the string can be stored as text and inside JSON. */
export function isStorableString(s: string): boolean {
  return !s.includes('\u0000') && !LONE_SURROGATE.test(s);
}

/**
 * The path (`$.a.b[2]`, `$.<key>` for a bad key) of the first string, key or value, that PostgreSQL
 * cannot store, or null when every string is storable. Depth-first, in document order.
 */
export function unstorablePath(value: unknown, path = '$'): string | null {
  if (typeof value === 'string') return isStorableString(value) ? null : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = unstorablePath(value[i], `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!isStorableString(k)) return `${path}.<key>`;
      const p = unstorablePath(v, `${path}.${k}`);
      if (p) return p;
    }
  }
  return null;
}

/** The string with each U+0000 and each unpaired surrogate replaced by U+FFFD (the replacement character). */
export function storableText(s: string): string {
  if (isStorableString(s)) return s;
  return s.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATES, '\uFFFD');
}
