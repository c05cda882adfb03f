import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPartner, type TestPartner } from '../helpers/factories.js';
import type { TestHub } from '../helpers/hub.js';
import { startReceiver, type Received, type Receiver } from '../helpers/receiver.js';
import { addWebhook, createWebhookHub, pickedUp } from '../helpers/webhooks.js';

/**
 * The README's Python verification snippet, read from README.md itself (so the two cannot drift), run
 * by python3 against a real delivery from the hub's worker to a receiver on loopback.
 */
const python = spawnSync('python3', ['--version']).status === 0;

function readmePython(): string {
  const readme = fs.readFileSync(path.join(import.meta.dirname, '../../README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```python\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  expect(blocks).toHaveLength(1);
  return blocks[0]!;
}

// Each function is called on its own; the result is the parsed payload or the error's message.
const HARNESS = `
import sys
body = open(sys.argv[1], "rb").read()
headers = json.load(open(sys.argv[2]))
out = {}
for name, fn in (("standard", verify_webhook), ("x", verify_x_webhook_signature)):
    try:
        out[name] = {"ok": fn(body, headers, sys.argv[3])}
    except Exception as e:
        out[name] = {"error": f"{type(e).__name__}: {e}"}
print(json.dumps(out))
`;

type Outcome = { ok: unknown } | { error: string };

describe.skipIf(!python)('README webhook verification snippets (python3; skipped when python3 is not installed)', () => {
  let hub: TestHub;
  let creator: TestPartner;
  let carrier: TestPartner;
  let rx: Receiver;
  let dir: string;
  let script: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-snippet-'));
    script = path.join(dir, 'verify.py');
    fs.writeFileSync(script, readmePython() + HARNESS);
    hub = await createWebhookHub();
    [creator, carrier] = await Promise.all([newPartner(hub.app, { tier: 'enterprise' }), newPartner(hub.app, { tier: 'enterprise' })]);
    rx = await startReceiver();
  });
  afterAll(async () => {
    await hub?.close();
    await rx?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (r: Pick<Received, 'body' | 'headers'>, secret: string): { standard: Outcome; x: Outcome } => {
    const body = path.join(dir, `body-${randomBytes(4).toString('hex')}`);
    const headers = `${body}.json`;
    fs.writeFileSync(body, r.body);
    fs.writeFileSync(headers, JSON.stringify(r.headers));
    const p = spawnSync('python3', [script, body, headers, secret], { encoding: 'utf8' });
    expect(p.status, p.stderr).toBe(0);
    return JSON.parse(p.stdout) as { standard: Outcome; x: Outcome };
  };

  it('verifies a real delivery with the whsec_ secret, and refuses a changed body or another secret', async () => {
    const hook = await addWebhook(hub.app, creator, rx.url);
    // Non-ASCII in the body: the snippet must sign the raw bytes, not a re-encoded string.
    await pickedUp(hub, creator, carrier, 'Gudang Cikarang — Blok Ü');
    await rx.waitFor((all) => all.some((r) => r.headers['x-webhook-event'] === 'shipment.updated'));
    const got = rx.received.find((r) => r.headers['x-webhook-event'] === 'shipment.updated')!;
    expect(hook.secret).toMatch(/^whsec_/);
    expect(got.body).toContain('Blok Ü');

    const good = run(got, hook.secret);
    expect(good.standard).toEqual({ ok: JSON.parse(got.body) });
    expect(good.x).toEqual({ ok: JSON.parse(got.body) });

    const tampered = run({ ...got, body: got.body.replace('picked_up', 'delivered') }, hook.secret);
    expect(tampered.standard).toEqual({ error: 'ValueError: invalid signature' });
    expect(tampered.x).toEqual({ error: 'ValueError: invalid signature' });

    const other = `whsec_${randomBytes(32).toString('base64')}`;
    const wrong = run(got, other);
    expect(wrong.standard).toEqual({ error: 'ValueError: invalid signature' });
    expect(wrong.x).toEqual({ error: 'ValueError: invalid signature' });
  }, 60_000);
});
