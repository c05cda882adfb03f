import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const children: ChildProcess[] = [];

/**
 * Starts a TypeScript script (through tsx) in its own process, as the kill tests need, and resolves
 * once its stdout matches `ready` (with the match), or rejects with its output if it exits first.
 */
export function startChild(script: string, env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(script)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = ready.exec(out);
      if (m) resolve({ child, match: m });
    });
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code, signal) => reject(new Error(`${script} exited (${code ?? signal}) before it was ready:\n${out}`)));
  });
}

/** SIGKILLs every child still running (afterAll). */
export function killChildren(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}
