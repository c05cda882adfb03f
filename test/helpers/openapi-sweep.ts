/**
 * A sweep driven by the OpenAPI document: every operation gets hostile values in each of its query
 * parameters, path parameters, headers and body fields (one at a time, the rest of the request
 * valid, so a value the schema lets through reaches the handler and the database).
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { wellFormedProblem } from './fuzz.js';

type Schema = Record<string, any>;
export interface Operation {
  method: string;
  /** The OpenAPI path, e.g. `/api/partner/shipments/{id}`. */
  path: string;
  key: string;
  params: Array<{ in: 'path' | 'query' | 'header'; name: string; schema: Schema }>;
  body: Schema | null;
  secured: boolean;
}

export function operationsOf(doc: Schema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths)) {
    for (const [method, op] of Object.entries<Schema>(item)) {
      const m = method.toUpperCase();
      const body = op.requestBody?.content?.['application/json']?.schema ?? null;
      ops.push({
        method: m,
        path,
        key: `${m} ${path}`,
        params: (op.parameters ?? []).map((p: Schema) => ({ in: p.in, name: p.name, schema: resolve(doc, p.schema ?? {}) })),
        body: body ? resolve(doc, body) : null,
        secured: Array.isArray(op.security) && op.security.length > 0,
      });
    }
  }
  return ops;
}

function resolve(doc: Schema, s: Schema): Schema {
  if (typeof s?.$ref !== 'string') return s;
  const name = s.$ref.split('/').at(-1)!;
  return resolve(doc, doc.components?.schemas?.[name] ?? {});
}

/**
 * Every place in a body: object properties (of every `anyOf`/`oneOf` branch), array items (as
 * index 0), nested — plus the root. `$ref`s are followed through the document's components.
 */
export function bodyPaths(doc: Schema, schema: Schema, prefix: Array<string | number> = [], depth = 0): Array<Array<string | number>> {
  const s = resolve(doc, schema);
  const out: Array<Array<string | number>> = prefix.length === 0 ? [[]] : [];
  if (depth > 6) return out;
  for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) out.push(...bodyPaths(doc, branch, prefix, depth + 1).filter((p) => p.length > 0));
  for (const [k, sub] of Object.entries<Schema>(s.properties ?? {})) {
    out.push([...prefix, k], ...bodyPaths(doc, sub, [...prefix, k], depth + 1));
  }
  if (s.items && typeof s.items === 'object') out.push([...prefix, 0], ...bodyPaths(doc, s.items, [...prefix, 0], depth + 1));
  const seen = new Set<string>();
  return out.filter((p) => !seen.has(JSON.stringify(p)) && !!seen.add(JSON.stringify(p)));
}

/**
 * Hostile JSON values, as JSON text: `1e999` and the 22-digit number stay literal tokens (JSON.parse
 * reads them as Infinity and 1e22; JSON.stringify could not write them).
 */
export const HOSTILE_JSON: string[] = [
  '1e999',
  '-1e999',
  '-1',
  '9999999999999999999999',
  '"1e999"',
  '"Infinity"',
  '"9999999999999999999999"',
  '"0000-01-01T00:00:00Z"',
  '"2026-12-31T23:59:60Z"',
  '"a\\u0000b"',
  '"\\ud800"',
  '"x\\udc00y"',
  'true',
  '""',
  'null',
  '{}',
  '[]',
];

/**
 * Hostile query-string and path values, already percent-encoded. `%ED%A0%80` is a lone surrogate
 * written as UTF-8 bytes (what a client would have to send to smuggle one); `%00` is NUL.
 */
export const HOSTILE_URL: string[] = [
  '1e999',
  'Infinity',
  '-Infinity',
  'NaN',
  '-1',
  '9999999999999999999999',
  encodeURIComponent('0000-01-01T00:00:00Z'),
  encodeURIComponent('2026-12-31T23:59:60Z'),
  'a%00b',
  '%00',
  '%ED%A0%80',
  '%FF',
  '',
  'true',
  'null',
  '%5B%5D',
  '%7B%7D',
];

/** Header values cannot carry NUL or raw non-ASCII: the rest of the list. */
export const HOSTILE_HEADER = HOSTILE_URL.filter((v) => !v.includes('%')).concat(['0000-01-01T00:00:00Z', '2026-12-31T23:59:60Z']);

const MARK = '__hostile_value__';

/** The body as JSON text with `raw` (JSON text) at `path`. */
export function withRawAt(base: unknown, path: Array<string | number>, raw: string): string {
  if (path.length === 0) return raw;
  const copy = structuredClone(base ?? {}) as Record<string | number, unknown>;
  let node = copy;
  for (const [i, k] of path.slice(0, -1).entries()) {
    if (!node[k] || typeof node[k] !== 'object') node[k] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[k] as Record<string | number, unknown>;
  }
  node[path.at(-1)!] = MARK;
  return JSON.stringify(copy).replace(`"${MARK}"`, () => raw);
}

/** What one operation needs to be reached: valid path values, a valid body, headers. */
export interface OperationSetup {
  pathValues: Record<string, string>;
  body?: () => unknown;
  headers: Record<string, string>;
  query?: Record<string, string>;
}

export interface SweepResult {
  requests: number;
  problems: string[];
  /** Requests that passed validation (a 2xx, or a 4xx other than VALIDATION_FAILED / INVALID_JSON). */
  reachedHandler: number;
}

/** Every hostile value in every parameter and body field of `op`, one at a time. */
export async function sweepOperation(
  app: FastifyInstance,
  doc: Schema,
  op: Operation,
  setup: OperationSetup,
  remoteAddress: () => string,
): Promise<SweepResult> {
  const result: SweepResult = { requests: 0, problems: [], reachedHandler: 0 };
  const urlFor = (pathValues: Record<string, string>, query: string) => {
    const path = op.path.replace(/\{(\w+)\}/g, (_m, n: string) => pathValues[n] ?? `{${n}}`);
    return query ? `${path}?${query}` : path;
  };
  const baseQuery = new URLSearchParams(setup.query ?? {}).toString();
  const hasBody = op.body !== null;
  const send = async (what: string, opts: { url: string; payload?: string; headers?: Record<string, string> }) => {
    const headers: Record<string, string> = { ...setup.headers, ...opts.headers };
    const payload = opts.payload ?? (hasBody && setup.body ? JSON.stringify(setup.body()) : undefined);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const req: InjectOptions = {
      method: op.method as InjectOptions['method'],
      url: opts.url,
      headers,
      remoteAddress: remoteAddress(),
      ...(payload !== undefined ? { payload } : {}),
    };
    const res = await app.inject(req);
    result.requests++;
    const problem = wellFormedProblem(res);
    if (problem) result.problems.push(`${op.key} ${what}: ${problem}`);
    else if (!refusedByValidation(res)) result.reachedHandler++;
    return res;
  };

  for (const p of op.params) {
    const values = p.in === 'header' ? HOSTILE_HEADER : HOSTILE_URL;
    for (const v of values) {
      if (p.in === 'path') await send(`path ${p.name}=${v}`, { url: urlFor({ ...setup.pathValues, [p.name]: v }, baseQuery) });
      else if (p.in === 'query') {
        const q = new URLSearchParams(setup.query ?? {});
        q.delete(p.name);
        const rest = q.toString();
        await send(`query ${p.name}=${v}`, { url: urlFor(setup.pathValues, `${rest ? `${rest}&` : ''}${p.name}=${v}`) });
      } else await send(`header ${p.name}: ${v}`, { url: urlFor(setup.pathValues, baseQuery), headers: { [p.name]: decodeURIComponent(v) } });
    }
    // A repeated query parameter arrives as an array.
    if (p.in === 'query') await send(`query ${p.name} twice`, { url: urlFor(setup.pathValues, `${p.name}=1&${p.name}=2`) });
  }
  if (hasBody) {
    for (const path of bodyPaths(doc, op.body!)) {
      for (const raw of HOSTILE_JSON) {
        const base = setup.body ? setup.body() : {};
        await send(`body ${path.join('.') || '(root)'} = ${raw}`, { url: urlFor(setup.pathValues, baseQuery), payload: withRawAt(base, path, raw) });
      }
    }
  }
  // Last (it may delete the fixture): the valid request itself must pass validation, or the sweep
  // above never reached past it.
  const res = await send('valid request', { url: urlFor(setup.pathValues, baseQuery) });
  if (refusedByValidation(res)) result.problems.push(`${op.key}: the sweep's valid request is refused: ${res.body.slice(0, 300)}`);
  return result;
}

function refusedByValidation(res: LightMyRequestResponse): boolean {
  if (res.statusCode !== 400) return false;
  const code = (JSON.parse(res.body) as { code?: string }).code;
  return code === 'VALIDATION_FAILED' || code === 'INVALID_JSON';
}
