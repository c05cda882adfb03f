import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = ['--import', 'tsx', path.resolve('src/cli.ts')];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The README's first run is the embedded one: never inherit the CI's PostgreSQL/Redis here. */
function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
  delete e.DATABASE_URL;
  delete e.REDIS_URL;
  delete e.JWT_SECRET;
  return { ...e, ...extra };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('fastforward CLI', () => {
  it('--help lists the commands', () => {
    const r = spawnSync(process.execPath, [...CLI, '--help'], { env: env({}), encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const cmd of ['serve', 'worker', 'migrate', 'demo', 'admin']) expect(r.stdout).toContain(cmd);
  });

  it('refuses a bad configuration listing every problem, exit code 2', () => {
    const r = spawnSync(process.execPath, [...CLI, 'migrate'], {
      env: env({ PORT: 'abc', DATABASE_URL: 'mysql://x', ADMIN_EMAIL: 'not-an-email', LOG_LEVEL: 'loud' }),
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    for (const key of ['PORT', 'DATABASE_URL', 'JWT_SECRET', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'LOG_LEVEL']) expect(r.stderr).toContain(key);
  });

  it('first run: serve --demo on a new data folder answers /healthz, prints where it listens, stops on SIGTERM', async () => {
    const port = await freePort();
    const simPort = await freePort();
    const dataDir = path.join(tmp, 'first-run');
    const child = spawn(process.execPath, [...CLI, 'serve', '--demo'], {
      env: env({
        PORT: String(port),
        SIM_PORT: String(simPort),
        DATA_DIR: dataDir,
        ADMIN_EMAIL: 'admin@example.com',
        ADMIN_PASSWORD: 'first-run-password',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      let ok = false;
      while (!ok && Date.now() < deadline) {
        ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (!ok) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ok, out).toBe(true);
      // The demo and the start-up banner are printed once the hub serves.
      while (!out.includes('Workers') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain('Demo loaded');
      expect(out).toContain(`http://127.0.0.1:${port}/docs`);
      expect(out).toContain('/api/admin/login');
      const creds = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
      expect(creds.map((c: { company: { name: string } }) => c.company.name)).toEqual(['QuickShip Logistics', 'Express Delivery Co']);
      const auth = await fetch(`http://127.0.0.1:${port}/api/partner/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiKey: creds[0].apiKey, secret: creds[0].secret }),
      });
      expect(auth.status).toBe(200);
      const token = ((await auth.json()) as { token: string }).token;
      const list = await fetch(`http://127.0.0.1:${port}/api/partner/shipments?limit=100`, { headers: { authorization: `Bearer ${token}` } });
      const statuses = new Set(((await list.json()) as { data: Array<{ status: string }> }).data.map((s) => s.status));
      expect([...statuses].sort()).toEqual([
        'assigned',
        'cancelled',
        'delivered',
        'failed',
        'in_transit',
        'out_for_delivery',
        'pending',
        'picked_up',
        'returned',
      ]);
      // The demo's carrier shipments are tracked through the carrier simulator started with it.
      expect(out).toContain(`Carrier simulator on http://127.0.0.1:${simPort}`);
      const cms = await fetch(`http://127.0.0.1:${port}/v2/public/shipment/tracking/QUICK-JNE-D`, { headers: { authorization: `Bearer ${token}` } });
      const tracked = (await cms.json()) as { source: string; podReceiverName: string | null; courier: string };
      expect(cms.status, JSON.stringify(tracked)).toBe(200);
      expect(tracked).toMatchObject({ source: 'carrier', courier: 'jne' });
      expect(tracked.podReceiverName).toBeTruthy();
      // The JWT secret was generated and kept in the data folder, private to its owner.
      expect(fs.statSync(path.join(dataDir, 'jwt-secret')).mode & 0o077).toBe(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 90_000);
});

describe('package entries (built by `npm ci` / `npm run build`)', () => {
  it('"fastforward" and the light "fastforward/verify" both export verifyWebhook', () => {
    const script = `const m = await import('fastforward'); const v = await import('fastforward/verify');
      process.stdout.write(JSON.stringify([typeof m.verifyWebhook, typeof v.verifyWebhook, typeof v.WebhookVerificationError]));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: env({}), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(['function', 'function', 'function']);
  });
});
