/**
 * The COPY statement's literals (COPY takes no bind parameters). Expected literals written by hand from
 * PostgreSQL's string-constant rules: a quote doubled; a backslash doubled inside an E'' string.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { reportCopySql } from './reports.rows-repo.js';

const base = { from: '2026-01-01T00:00:00.000Z', to: '2026-01-31T23:59:59.000Z', carrier: undefined, assignee: undefined };

describe('reportCopySql', () => {
  it('writes every value in as an escaped literal and leaves no parameter behind', () => {
    const sql = reportCopySql({ ...base, companyId: "cmp_o'brien\\x", statuses: ['delivered', "it's"] }, pg.escapeLiteral);
    expect(sql.startsWith('copy (select ')).toBe(true);
    expect(sql.endsWith(') to stdout')).toBe(true);
    expect(sql).not.toMatch(/\$\d/);
    expect(sql).toContain(`s.created_at >= '2026-01-01T00:00:00.000Z'::timestamptz`);
    expect(sql).toContain(`s.created_at <= '2026-01-31T23:59:59.000Z'::timestamptz`);
    expect(sql).toContain(`s.company_id =  E'cmp_o''brien\\\\x'`);
    expect(sql).toContain(`array['delivered', 'it''s']::text[]::text[] is null`);
    // Absent filters become NULL, which the query reads as "any".
    expect(sql).toContain(`(null::text is null or s.carrier = null)`);
  });

  it('an admin report over every company: the company is NULL', () => {
    const sql = reportCopySql({ ...base, companyId: null, statuses: undefined }, pg.escapeLiteral);
    expect(sql).toContain('(null::text is null or s.company_id = null');
    expect(sql).toContain('null::text[] is null');
  });
});
