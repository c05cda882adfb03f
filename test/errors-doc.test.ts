import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERRORS, type ErrorCode } from '../src/errors.js';
import { ErrorResponse } from '../src/http/common.schemas.js';

/** docs/errors.md must list exactly the registry's codes, each with its status. */

const doc = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'errors.md'), 'utf8');

interface Row {
  code: string;
  status: number;
  meaning: string;
  cause: string;
  line: number;
}

/** Table rows whose first cell is a code in backticks: | `CODE` | 404 | meaning | cause | */
function parseRows(markdown: string): Row[] {
  const rows: Row[] = [];
  markdown.split('\n').forEach((text, i) => {
    const m = /^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|(.*)\|\s*$/.exec(text);
    if (!m) return;
    const cells = m[2]!.split(/(?<!\\)\|/).map((c) => c.trim());
    rows.push({ code: m[1]!, status: Number(cells[0]), meaning: cells[1] ?? '', cause: cells[2] ?? '', line: i + 1 });
  });
  return rows;
}

const rows = parseRows(doc);
const codes = Object.keys(ERRORS) as ErrorCode[];

describe('docs/errors.md', () => {
  it('has one row per table line it parses (the parser sees the table)', () => {
    expect(rows.length).toBeGreaterThanOrEqual(codes.length);
  });

  it.each(codes)('documents %s with its HTTP status', (code) => {
    const found = rows.filter((r) => r.code === code);
    expect(found, `${code} is not in docs/errors.md`).toHaveLength(1);
    expect(found[0]!.status, `line ${found[0]!.line}`).toBe(ERRORS[code].status);
    expect(found[0]!.meaning.length, `${code}: meaning`).toBeGreaterThan(10);
    expect(found[0]!.cause.length, `${code}: cause / fix`).toBeGreaterThan(10);
  });

  it('documents no code the registry does not have (no stale rows)', () => {
    const stale = rows.filter((r) => !(r.code in ERRORS)).map((r) => `${r.code} (line ${r.line})`);
    expect(stale).toEqual([]);
  });

  it('lists each code once, in a table with four columns', () => {
    const seen = rows.map((r) => r.code);
    expect(seen.length).toBe(new Set(seen).size);
    for (const r of rows) expect(Number.isInteger(r.status) && r.status >= 400 && r.status <= 599, `${r.code} line ${r.line}`).toBe(true);
  });

  it('explains the envelope, field for field as the ErrorResponse schema has them', () => {
    const fields = Object.keys((ErrorResponse as unknown as { properties: Record<string, unknown> }).properties).sort();
    expect(fields).toEqual(['code', 'details', 'message', 'requestId']);
    const envelope = doc.slice(0, doc.indexOf('| Code |'));
    expect(envelope).toContain('```json');
    for (const f of fields) expect(envelope, f).toMatch(new RegExp(`\\|\\s*\`${f}\`\\s*\\|`));
  });
});

describe('the parser', () => {
  it('would catch a wrong status, a missing code and a stale one', () => {
    const sample = [
      '| Code | HTTP status | Meaning | Cause |',
      '|---|---|---|---|',
      '| `A_CODE` | 404 | means a thing | do this |',
      '| `OTHER` | 4xx | x | y |',
    ].join('\n');
    const parsed = parseRows(sample);
    expect(parsed.map((r) => [r.code, r.status])).toEqual([
      ['A_CODE', 404],
      ['OTHER', Number.NaN],
    ]);
  });
});
