/**
 * `/openapi.json` under Redocly's `recommended` rules (the ruleset `redocly lint` applies by default):
 * no error and no warning. Partners generate clients in other languages from this document, and those
 * generators need what the rules ask for: an operationId on every operation (method names), a
 * security entry on each (public ones say `[]`), servers, path parameters that exist in their path.
 */
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let source: string;

beforeAll(async () => {
  hub = await createTestHub();
  const res = await hub.app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  source = res.body;
});
afterAll(() => hub?.close());

describe('redocly lint (recommended rules) on /openapi.json', () => {
  it('reports 0 errors and 0 warnings', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source, absoluteRef: 'openapi.json', config });
    const report = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
    expect(report).toEqual([]);
  });

  it('names every operation in camelCase, each name once', () => {
    const spec = JSON.parse(source) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const ids = Object.values(spec.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.length).toBeGreaterThan(50);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('would catch a problem: an operation without operationId is reported', async () => {
    const spec = JSON.parse(source);
    delete spec.paths['/api/partner/shipments'].get.operationId;
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(spec), absoluteRef: 'openapi.json', config });
    expect(problems.map((p) => p.ruleId)).toEqual(['operation-operationId']);
  });
});
