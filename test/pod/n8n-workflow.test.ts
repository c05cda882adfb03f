/**
 * examples/n8n/pod-backfill.json against the hub's own /openapi.json: every HTTP Request node's
 * method and path is a documented route, every body field it sends is in that route's body schema,
 * and every response field the workflow reads (`$('Node').item.json.a.b`, `$json.a.b`) is in the
 * response schema of the HTTP node it comes from.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../helpers/hub.js';

interface N8nNode {
  name: string;
  type: string;
  parameters: Record<string, any>;
}
interface Workflow {
  nodes: N8nNode[];
  connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

const wf = JSON.parse(fs.readFileSync('examples/n8n/pod-backfill.json', 'utf8')) as Workflow;
let hub: TestHub;
let spec: any;

beforeAll(async () => {
  hub = await createTestHub();
  spec = (await hub.app.inject({ method: 'GET', url: '/openapi.json' })).json();
});
afterAll(() => hub?.close());

const http = wf.nodes.filter((n) => n.type === 'n8n-nodes-base.httpRequest');

/** `={{ $('Settings').item.json.hubUrl }}/api/admin/pod/backfill/{{ … }}` → `/api/admin/pod/backfill/{}` */
function pathOf(url: string): string {
  const rest = url.replace(/^=\{\{[^}]*\}\}/, '');
  return rest.replace(/\{\{[^}]*\}\}/g, '{}');
}

function route(node: N8nNode): { path: string; op: any } {
  const p = pathOf(node.parameters.url as string);
  const method = String(node.parameters.method ?? 'GET').toLowerCase();
  const path = Object.keys(spec.paths).find((k) => k.replace(/\{[^}]+\}/g, '{}') === p);
  expect(path, `${node.name}: ${p} is not in /openapi.json`).toBeDefined();
  const op = spec.paths[path!][method];
  expect(op, `${node.name}: ${method.toUpperCase()} ${path} is not in /openapi.json`).toBeDefined();
  return { path: path!, op };
}

/** Whether `path` (a.b.c) exists in a JSON schema (objects, records, allOf/anyOf, $ref to components). */
function has(schema: any, path: string[]): boolean {
  if (!schema) return false;
  if (schema.$ref) return has(spec.components.schemas[schema.$ref.split('/').at(-1)], path);
  if (path.length === 0) return true;
  for (const k of ['allOf', 'anyOf', 'oneOf']) if (schema[k]?.some((s: any) => has(s, path))) return true;
  const [head, ...rest] = path as [string, ...string[]];
  if (schema.properties?.[head]) return has(schema.properties[head], rest);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') return has(schema.additionalProperties, rest);
  if (schema.patternProperties) return Object.values(schema.patternProperties).some((s) => has(s, rest));
  return false;
}

const success = (op: any) => {
  const code = Object.keys(op.responses).find((c) => c.startsWith('2'))!;
  return op.responses[code].content['application/json'].schema;
};

/** The HTTP node whose answer reaches `name` as `$json` (upstream through non-HTTP nodes). */
function upstreamHttp(name: string): N8nNode | undefined {
  const parents = Object.entries(wf.connections)
    .filter(([, c]) => c.main.some((out) => out.some((t) => t.node === name)))
    .map(([from]) => wf.nodes.find((n) => n.name === from)!);
  for (const p of parents) {
    if (p.type === 'n8n-nodes-base.httpRequest') return p;
    const up = upstreamHttp(p.name);
    if (up) return up;
  }
  return undefined;
}

describe('n8n POD backfill workflow', () => {
  it('has the expected shape: trigger, login, start, wait/poll loop, report', () => {
    expect(wf.nodes.map((n) => n.type)).toEqual(
      expect.arrayContaining(['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.wait', 'n8n-nodes-base.if', 'n8n-nodes-base.httpRequest']),
    );
    expect(http.map((n) => `${n.parameters.method} ${pathOf(n.parameters.url)}`)).toEqual([
      'POST /api/admin/login',
      'POST /api/admin/pod/backfill',
      'GET /api/admin/pod/backfill/{}',
    ]);
  });

  it('every HTTP node names a documented route, and sends only fields of its body schema', () => {
    for (const n of http) {
      const { op } = route(n);
      const body = n.parameters.jsonBody as string | undefined;
      if (!body) continue;
      const keys = [...body.matchAll(/[{,]\s*(\w+):/g)].map((m) => m[1]!);
      expect(keys.length).toBeGreaterThan(0);
      const schema = op.requestBody.content['application/json'].schema;
      for (const k of keys) expect(has(schema, [k]), `${n.name} sends ${k}`).toBe(true);
    }
  });

  it('every field the workflow reads exists in the answer it reads it from', () => {
    const text = JSON.stringify(wf.nodes);
    let checked = 0;
    for (const m of text.matchAll(/\$\('([^']+)'\)\.item\.json\.([\w.]+)/g)) {
      const src = wf.nodes.find((n) => n.name === m[1])!;
      if (src.type !== 'n8n-nodes-base.httpRequest') continue;
      expect(has(success(route(src).op), m[2]!.split('.')), `${m[1]} → ${m[2]}`).toBe(true);
      checked++;
    }
    for (const n of wf.nodes) {
      for (const m of JSON.stringify(n.parameters).matchAll(/\$json\.([\w.]+)/g)) {
        const src = upstreamHttp(n.name)!;
        expect(has(success(route(src).op), m[1]!.split('.')), `${n.name}: $json.${m[1]} from ${src.name}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it('the poll loop compares against a status the route documents', () => {
    const statusSchema = success(route(http[2]!).op).properties.status;
    const values = JSON.stringify(statusSchema);
    expect(values).toContain('"running"');
  });
});
