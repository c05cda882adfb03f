/**
 * The hub's pages (Preact, built by Vite into dist/web at `npm run build`, which `npm ci` runs):
 * /partner-onboarding, /admin/integrations and /track/:trackingNumber. The hub serves them itself
 * (src/modules/web); they talk to it only through its public API, with the typed client.
 */
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));
export const PAGES = { track: 'track.html', onboarding: 'partner-onboarding.html', admin: 'admin.html' } as const;
/** Each page's JavaScript, gzipped, at most (the build fails beyond it). */
const PAGE_JS_BUDGET = 200 * 1024;

/** Prints each page's JavaScript (its entry and every chunk it imports), gzipped, and fails past the budget. */
function pageWeight(): Plugin {
  return {
    name: 'fastforward-page-weight',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])));
      const rows: string[] = [];
      let over = false;
      for (const chunk of chunks.values()) {
        if (!chunk.isEntry) continue;
        const files = new Set<string>();
        const visit = (name: string) => {
          if (files.has(name)) return;
          files.add(name);
          for (const dep of chunks.get(name)?.imports ?? []) visit(dep);
        };
        visit(chunk.fileName);
        const gz = [...files].reduce((n, f) => n + gzipSync(chunks.get(f)!.code).length, 0);
        over ||= gz > PAGE_JS_BUDGET;
        rows.push(`  ${chunk.name.padEnd(12)} ${(gz / 1024).toFixed(1).padStart(7)} KB gzipped JS in ${files.size} file(s)`);
      }
      this.info(`page weight (budget ${PAGE_JS_BUDGET / 1024} KB gzipped per page):\n${rows.join('\n')}`);
      if (over) this.error(`a page's JavaScript is over ${PAGE_JS_BUDGET / 1024} KB gzipped`);
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  logLevel: 'info',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [pageWeight()],
  build: {
    outDir: path.join(root, '..', 'dist', 'web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: { input: Object.fromEntries(Object.entries(PAGES).map(([name, file]) => [name, path.join(root, file)])) },
  },
});
