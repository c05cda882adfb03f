/**
 * Rules of the layout (docs/architecture.md) that are about a file's text rather than its imports: the
 * queue names no job, and what handle a repository takes. Which folder may import which is checked by
 * dependency-cruiser (.dependency-cruiser.mjs, run by test/static/architecture.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const src = path.join(root, 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const rel = (file: string) => path.relative(src, file);
const isRepository = (p: string) => /\.repo\.ts$|[.-]repo\.ts$/.test(p);
const files = sourceFiles(src);

describe('jobs', () => {
  it('job types are declared by their modules: jobs/queue.ts names no job', () => {
    const queue = fs
      .readFileSync(path.join(src, 'jobs/queue.ts'), 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line)) // its doc comment shows a declaration as an example
      .join('\n');
    expect(queue).not.toMatch(/'(mail\.send|maintenance\.prune|callback-update-status|carriers\.refresh)'\s*:/);
  });
});

describe('repositories', () => {
  const repos = files.filter((f) => isRepository(rel(f)));

  it('each takes one kind of handle in every exported function: Db (Drizzle), or Queryable / Connection (raw SQL)', () => {
    const mixed: string[] = [];
    for (const f of repos) {
      const text = fs.readFileSync(f, 'utf8');
      const kinds = [...new Set([...text.matchAll(/export async function \w+\(\s*(\w+): (\w+)/g)].map((m) => m[2]!))];
      const builder = kinds.length === 1 && kinds[0] === 'Db';
      const raw = kinds.length > 0 && kinds.every((k) => k === 'Queryable' || k === 'Connection');
      if (!builder && !raw) mixed.push(`${rel(f)}: ${kinds.join(', ')}`);
    }
    expect(repos.length).toBeGreaterThan(5);
    expect(mixed).toEqual([]);
  });

  it('a builder repository writes no SQL text of its own beyond `sql` fragments; a raw one uses no builder', () => {
    const wrong: string[] = [];
    for (const f of repos) {
      const text = fs.readFileSync(f, 'utf8');
      const raw = /export async function \w+\(\s*\w+: (Queryable|Connection)\b/.test(text);
      if (raw && /from '\.\.\/\.\.\/db\/orm\.js'/.test(text)) wrong.push(`${rel(f)} (raw, imports the builder)`);
      if (!raw && /\.query\(/.test(text)) wrong.push(`${rel(f)} (builder, calls .query())`);
    }
    expect(wrong).toEqual([]);
  });
});
