/**
 * The Dockerfile and compose.yaml are not built or run by CI (no Docker engine there), so these checks
 * keep them honest against what is: each command they run is a command of the CLI (src/cli.ts) with a
 * role it accepts, each hub variable they set is in the README's environment table, each path the
 * image copies exists and is not left out of the build context by .dockerignore, and the image is the
 * one docs/deployment.md describes (Node 24 bookworm-slim, non-root, health check on /healthz).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');

/** Top-level commands of the CLI and the roles `serve --role` accepts, read from src/cli.ts. */
function cliCommands(): { commands: Set<string>; roles: string[] } {
  const cli = read('src/cli.ts');
  const commands = new Set([...cli.matchAll(/^program\s*\n?\s*\.command\('([a-z-]+)'\)/gm)].map((m) => m[1]!));
  for (const m of cli.matchAll(/program\.command\('([a-z-]+)'\)/g)) commands.add(m[1]!);
  const roles = /new Option\('--role <role>'[^)]*\)\.choices\(\[([^\]]+)\]\)/.exec(cli)?.[1];
  if (!roles) throw new Error('src/cli.ts: --role choices not found');
  return { commands, roles: [...roles.matchAll(/'([a-z]+)'/g)].map((m) => m[1]!) };
}

/** Names of the README's environment table; `CARRIER_<X>_…` rows become patterns. */
function readmeEnv(): (name: string) => boolean {
  const readme = read('README.md');
  const table = readme.slice(readme.indexOf('## Environment'), readme.indexOf('## Commands'));
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const line of table.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const first = line.split('|')[1]!;
    for (const m of first.matchAll(/`([A-Z0-9_<>]+)`/g)) {
      if (m[1]!.includes('<')) patterns.push(new RegExp(`^${m[1]!.replace(/<[A-Z]+>/g, '[A-Z]+')}$`));
      else exact.add(m[1]!);
    }
  }
  if (exact.size < 20) throw new Error('README.md: the environment table was not found');
  return (name) => exact.has(name) || patterns.some((p) => p.test(name));
}

/** compose.yaml cut into its top-level blocks and its services (indentation is the structure). */
function composeBlocks(): { hubEnv: string; services: Map<string, string> } {
  const lines = read('compose.yaml').split('\n');
  const blocks = new Map<string, string[]>();
  let top = '';
  let service = '';
  for (const line of lines) {
    const t = /^([a-z][\w-]*):/.exec(line);
    if (t) {
      top = t[1]!;
      service = '';
      continue;
    }
    const s = /^ {2}([a-z][\w-]*):\s*$/.exec(line);
    if (top === 'services' && s) {
      service = s[1]!;
      blocks.set(service, []);
      continue;
    }
    if (top === 'services' && service) blocks.get(service)!.push(line);
    else (blocks.get(`@${top}`) ?? blocks.set(`@${top}`, []).get(`@${top}`)!).push(line);
  }
  const services = new Map([...blocks].filter(([k]) => !k.startsWith('@')).map(([k, v]) => [k, v.join('\n')]));
  return { hubEnv: (blocks.get('@x-hub-env') ?? []).join('\n'), services };
}

const envKeys = (block: string) => [...block.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);

describe('Dockerfile', () => {
  const docker = read('Dockerfile');
  const { commands, roles } = cliCommands();

  it('builds on node:24-bookworm-slim, runs as a non-root user, checks /healthz', () => {
    const froms = [...docker.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThanOrEqual(2); // multi-stage
    for (const f of froms) expect(f).toBe('node:24-bookworm-slim');
    const user = [...docker.matchAll(/^USER (\S+)/gm)].map((m) => m[1]);
    expect(user.length).toBeGreaterThan(0);
    expect(user.at(-1)).not.toMatch(/^(root|0)$/);
    expect(docker).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
  });

  it('runs the built CLI with a command and role the CLI has', () => {
    expect(JSON.parse(/^ENTRYPOINT (.+)$/m.exec(docker)![1]!)).toEqual(['node', 'dist/cli.js']);
    const cmd = JSON.parse(/^CMD (.+)$/m.exec(docker)![1]!) as string[];
    expect(commands).toContain(cmd[0]);
    const role = cmd.indexOf('--role');
    if (role >= 0) expect(roles).toContain(cmd[role + 1]);
    // dist/cli.js is what `npm run build` makes from src/cli.ts; package.json's bin says the same.
    expect(JSON.parse(read('package.json')).bin.fastforward).toBe('dist/cli.js');
  });

  it('sets only variables of the README table, and copies paths that exist and reach the build context', () => {
    const known = readmeEnv();
    for (const m of docker.matchAll(/^ENV (.+)$/gm)) for (const kv of m[1]!.split(/\s+/)) expect(known(kv.split('=')[0]!), kv).toBe(true);
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'));
    const copied = [...docker.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    expect(copied).toContain('package-lock.json');
    for (const p of copied) {
      expect(fs.existsSync(path.join(root, p)), `${p} exists`).toBe(true);
      expect(
        ignored.some((i) => i.replace(/\/$/, '') === p.replace(/\/$/, '')),
        `${p} is not in .dockerignore`,
      ).toBe(false);
    }
    expect(ignored).toEqual(expect.arrayContaining(['.env', '.git', 'node_modules/']));
  });
});

describe('compose.yaml', () => {
  const { hubEnv, services } = composeBlocks();
  const { commands, roles } = cliCommands();
  const hubServices = [...services].filter(([, body]) => /^\s+build: \.\s*$/m.test(body));

  it('has postgres, redis, an S3-compatible server, migrate, api and worker', () => {
    expect([...services.keys()]).toEqual(expect.arrayContaining(['postgres', 'redis', 'minio', 'migrate', 'api', 'worker']));
    expect(hubServices.map(([name]) => name).sort()).toEqual(['api', 'migrate', 'worker']);
  });

  it('runs CLI commands with roles the CLI accepts: api and worker apart, migrate first', () => {
    const run = new Map(
      hubServices.map(([name, body]) => {
        const m = /^\s+command: (\[.*\])\s*$/m.exec(body);
        if (!m) throw new Error(`compose service ${name}: no command list`);
        // A YAML flow list of plain words (Prettier writes it with single quotes).
        const words = m[1]!
          .slice(1, -1)
          .split(',')
          .map((w) => w.trim().replace(/^(['"])(.*)\1$/, '$2'));
        return [name, words];
      }),
    );
    for (const [name, cmd] of run) {
      expect(commands, `${name}: ${cmd[0]} is a CLI command`).toContain(cmd[0]);
      const role = cmd.indexOf('--role');
      if (role >= 0) expect(roles, `${name}: role ${cmd[role + 1]}`).toContain(cmd[role + 1]);
    }
    expect(run.get('migrate')).toEqual(['migrate']);
    expect(run.get('api')).toEqual(['serve', '--role', 'api']);
    expect(run.get('worker')).toEqual(['serve', '--role', 'worker']);
    for (const svc of ['api', 'worker']) expect(services.get(svc)).toMatch(/migrate:\s*\n\s+condition: service_completed_successfully/);
  });

  it("sets only variables of the README's environment table", () => {
    const known = readmeEnv();
    const names = [...envKeys(hubEnv), ...hubServices.flatMap(([, body]) => envKeys(body))];
    expect(names).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'S3_BUCKET', 'S3_ENDPOINT']));
    for (const n of names) expect(known(n), `${n} is in README.md's environment table`).toBe(true);
  });
});
