/**
 * Rules of the layout (docs/architecture.md), checked over the source text: which folder may import
 * which, and what handle a repository takes. Import specifiers are read from `import`/`export ... from`
 * statements and dynamic `import()`s, type-only imports included.
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

/** Every relative import of `file`, resolved to a path under src/ (e.g. `modules/auth/tokens.ts`). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1]!);
  return specs.map((s) => path.relative(src, path.resolve(path.dirname(file), s)).replace(/\.js$/, '.ts'));
}

const rel = (file: string) => path.relative(src, file);
const moduleOf = (p: string) => /^modules\/([^/]+)\//.exec(p)?.[1];
const isRepository = (p: string) => /\.repo\.ts$|[.-]repo\.ts$/.test(p);
const files = sourceFiles(src);

describe('dependencies point one way', () => {
  it('jobs/, db/ and lib/ import nothing above them (no module, no composition)', () => {
    const above = /^(modules|carriers|http|sim|cli)\/|^(services|workers|server|app|cli|index)\.ts$/;
    const upward = files
      .filter((f) => /^(jobs|db|lib)\//.test(rel(f)))
      .flatMap((f) => importsOf(f).filter((i) => above.test(i)).map((i) => `${rel(f)} -> ${i}`));
    expect(upward).toEqual([]);
  });


  it("no module imports another module's repository: it goes through that module's service", () => {
    const crossing = files.flatMap((f) => {
      const own = moduleOf(rel(f));
      if (!own) return [];
      return importsOf(f)
        .filter((i) => isRepository(i) && moduleOf(i) !== undefined && moduleOf(i) !== own)
        .map((i) => `${rel(f)} -> ${i}`);
    });
    expect(crossing).toEqual([]);
  });

  it('partners never imports auth: the principal cache and its invalidation are the auth module’s alone', () => {
    const back = files.filter((f) => moduleOf(rel(f)) === 'partners').flatMap((f) => importsOf(f).filter((i) => moduleOf(i) === 'auth').map((i) => `${rel(f)} -> ${i}`));
    expect(back).toEqual([]);
  });

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

  it('each takes one kind of handle in every exported function: Db (Drizzle) or Queryable (raw SQL)', () => {
    const mixed: string[] = [];
    for (const f of repos) {
      const text = fs.readFileSync(f, 'utf8');
      const kinds = new Set([...text.matchAll(/export async function \w+\(\s*(\w+): (\w+)/g)].map((m) => m[2]));
      if (kinds.size !== 1 || ![...kinds].every((k) => k === 'Db' || k === 'Queryable')) mixed.push(`${rel(f)}: ${[...kinds].join(', ')}`);
    }
    expect(repos.length).toBeGreaterThan(5);
    expect(mixed).toEqual([]);
  });

  it('a builder repository writes no SQL text of its own beyond `sql` fragments; a raw one uses no builder', () => {
    const wrong: string[] = [];
    for (const f of repos) {
      const text = fs.readFileSync(f, 'utf8');
      const raw = /export async function \w+\(\s*\w+: Queryable/.test(text);
      if (raw && /from '\.\.\/\.\.\/db\/orm\.js'/.test(text)) wrong.push(`${rel(f)} (raw, imports the builder)`);
      if (!raw && /\.query\(/.test(text)) wrong.push(`${rel(f)} (builder, calls .query())`);
    }
    expect(wrong).toEqual([]);
  });
});
