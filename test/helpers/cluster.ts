/**
 * Hub processes of one role each (`fastforward serve --role …`, configured by the environment), plus a
 * private redis-server, for the scale-out and fault tests. Every process started
 * here is SIGKILLed by `killAll()` (afterAll) if the test has not ended it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface RoleProc {
  role: 'api' | 'worker';
  child: ChildProcess;
  /** Everything it printed (stdout and stderr). */
  out: string;
  /** http://127.0.0.1:<port> once ready (api), '' for a worker. */
  url: string;
  /** Resolves with the exit code (or signal name) when it exits. */
  exited: Promise<number | string>;
}

const procs: RoleProc[] = [];

/**
 * The built CLI when dist/ is at least as new as every source file (`npm ci` / `npm run build` made it):
 * it starts in about half the time of a TypeScript entry through tsx, which matters on a busy 2-core
 * machine running four of them. Otherwise test/reliability/role-process.ts through tsx, so a change
 * not yet built is still what is tested.
 */
let distFresh: boolean | undefined;
function useBuiltCli(): boolean {
  if (distFresh !== undefined) return distFresh;
  const cli = path.resolve('dist/cli.js');
  if (!fs.existsSync(cli)) return (distFresh = false);
  const built = fs.statSync(cli).mtimeMs;
  const newer = (dir: string): boolean =>
    fs.readdirSync(dir, { withFileTypes: true }).some((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return newer(p);
      return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && fs.statSync(p).mtimeMs > built;
    });
  return (distFresh = !newer(path.resolve('src')));
}

/** Spawns `fastforward serve --role <role>`; resolves once it has started (API: listening, worker: working). */
export async function startRole(role: 'api' | 'worker', env: NodeJS.ProcessEnv, readyWithin = 150_000): Promise<RoleProc> {
  const built = useBuiltCli();
  const port = role === 'api' && built ? await freePort() : 0;
  const args = built ? [path.resolve('dist/cli.js'), 'serve', '--role', role] : ['--import', 'tsx', path.resolve('test/reliability/role-process.ts')];
  const child = spawn(process.execPath, args, { env: { ...env, HUB_ROLE: role, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const proc: RoleProc = { role, child, out: '', url: '', exited };
  procs.push(proc);
  // The CLI prints its banner once HTTP listens and the workers run; role-process.ts prints "ready <port>".
  const ready = built ? /^FastForward \((?:api|worker)\)/m : /^ready (\d+)$/m;
  return new Promise<RoleProc>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${role} not ready within ${readyWithin} ms:\n${proc.out}`)), readyWithin);
    let done = false;
    const onData = (d: Buffer) => {
      proc.out += d;
      const m = ready.exec(proc.out);
      if (m && !done) {
        done = true;
        clearTimeout(t);
        if (role === 'api') proc.url = `http://127.0.0.1:${built ? port : m[1]}`;
        resolve(proc);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((how) => {
      clearTimeout(t);
      reject(new Error(`${role} exited (${how}) before it was ready:\n${proc.out}`));
    });
  });
}

export const alive = (p: RoleProc) => p.child.exitCode === null && p.child.signalCode === null;

/** SIGKILLs every process still running (afterAll). */
export function killAll(): void {
  for (const p of procs) if (alive(p)) p.child.kill('SIGKILL');
}

/** pino's JSON lines of a process at `level` or above (40 warn, 50 error). */
export function logLines(p: RoleProc, level: number): Array<{ level: number; msg: string }> {
  return p.out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: number; msg: string })
    .filter((l) => l.level >= level);
}

export async function freePort(): Promise<number> {
  const srv = net.createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

export const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

/** A throw-away redis-server in the foreground (a child of this process), answering PING. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => s.write('PING\r\n'));
      s.once('data', (d) => {
        s.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return child;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`redis-server did not start on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function stopRedis(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await once(child, 'exit');
}
