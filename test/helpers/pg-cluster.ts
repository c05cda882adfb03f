/**
 * A private PostgreSQL cluster for one test file (initdb in a temp folder, a free port), so a test can
 * really stop and start the server without touching the one every other file shares. Binaries are
 * found as .ci/run finds them (/usr/lib/postgresql/<version>/bin, the newest); as root, every command
 * runs as the `postgres` user (initdb refuses root), which is how CI runs.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './cluster.js';

/** The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl, or undefined. */
export function findPgBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')) && fs.existsSync(path.join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(a) - Number(b));
  const v = versions.at(-1);
  return v ? path.join(root, v, 'bin') : undefined;
}

export interface PgCluster {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  /** pg_ctl stop -m fast: backends are terminated, the server is gone until start(). */
  stop(): void;
  start(): void;
  /** Stops (immediate) and deletes the folder. */
  destroy(): void;
}

export async function startPgCluster(bin: string): Promise<PgCluster> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-pgc-'));
  const data = path.join(root, 'data');
  const sock = path.join(root, 'sock');
  fs.mkdirSync(data);
  fs.mkdirSync(sock);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    fs.chmodSync(root, 0o755);
    execFileSync('chown', ['-R', 'postgres', root]);
  }
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : path.join(bin, cmd), asRoot ? ['-u', 'postgres', '--', path.join(bin, cmd), ...args] : args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust']);
  const opts = `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c full_page_writes=off`;
  const start = () => void run('pg_ctl', ['-D', data, '-l', path.join(root, 'server.log'), '-w', '-t', '60', '-o', opts, 'start']);
  start();
  let destroyed = false;
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => void run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']),
    start,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        /* not running */
      }
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
