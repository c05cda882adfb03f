/**
 * CPU profiling of a bench server on demand (BENCH_PROFILE_DIR): `POST /__bench/profile/start` and
 * `/__bench/profile/stop?name=…` write a .cpuprofile around one measured route.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

export async function registerProfiler(app: FastifyInstance, profileDir: string | undefined): Promise<void> {
  if (!profileDir) return;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 }); // µs
  app.post('/__bench/profile/start', async () => {
    await session.post('Profiler.start');
    return { started: true };
  });
  app.post('/__bench/profile/stop', async (req) => {
    const name = String((req.query as { name?: string }).name ?? 'profile').replace(/[^A-Za-z0-9._-]/g, '_');
    const { profile } = await session.post('Profiler.stop');
    const file = path.join(profileDir, `${name}.cpuprofile`);
    fs.mkdirSync(profileDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(profile));
    return { file };
  });
}
