import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeLookup, SsrfBlockedError, validateWebhookUrl } from './ssrf.js';

/** The two checkpoints: the URL when an endpoint is saved, every resolved address at connect time. */
describe('validateWebhookUrl', () => {
  const ok = (url: string, allowPrivate = false) => validateWebhookUrl(url, { allowPrivate });

  it.each([
    'https://partner.example.com/webhooks/fastforward',
    'http://partner.example.com/hook?token=abc',
    'https://partner.example.com:8443/hook',
    'https://partner.example.com:443/hook',
    'http://partner.example.com:80/hook',
    'https://8.8.8.8/hook',
    'https://[2606:4700:4700::1111]/hook',
    'https://xn--bcher-kva.example/hook',
    'https://bücher.example/hook',
    'https://localhost.example.com/hook',
  ])('accepts %s', (url) => {
    const r = ok(url);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.url).toBeInstanceOf(URL);
  });

  it.each([
    ['', /empty/],
    ['partner.example.com/hook', /valid absolute URL/],
    ['/hook', /valid absolute URL/],
    ['ftp://partner.example.com/hook', /scheme/],
    ['file:///etc/passwd', /scheme/],
    ['javascript:alert(1)', /scheme/],
    ['ws://partner.example.com/hook', /scheme/],
    ['https://user:pass@partner.example.com/hook', /credentials/],
    ['https://user@partner.example.com/hook', /credentials/],
    ['https://partner.example.com:22/hook', /port 22/],
    ['https://partner.example.com:25/hook', /port 25/],
    ['https://partner.example.com:0/hook', /port 0/],
    ['https://partner.example.com/ho ok', /whitespace/],
    [' https://partner.example.com/hook', /whitespace/],
    ['https://partner.example.com/ho\nok', /whitespace/],
    ['https://partner.exa\tmple.com/hook', /whitespace/],
    [`https://partner.example.com/${'a'.repeat(2048)}`, /longer than 2048/],
    ['http://127.0.0.1/hook', /127\.0\.0\.1 is loopback/],
    ['http://2130706433/hook', /127\.0\.0\.1 is loopback/], // decimal
    ['http://0x7f.1/hook', /127\.0\.0\.1 is loopback/], // hex + short form
    ['http://0x7f000001/hook', /127\.0\.0\.1 is loopback/],
    ['http://017700000001/hook', /127\.0\.0\.1 is loopback/], // octal
    ['http://0177.0.0.1/hook', /127\.0\.0\.1 is loopback/],
    ['http://127.1/hook', /127\.0\.0\.1 is loopback/],
    ['http://0/hook', /0\.0\.0\.0 is unspecified/],
    ['http://169.254.169.254/latest/meta-data/', /metadata/],
    ['http://10.1.2.3:8080/hook', /private/],
    ['http://[::1]/hook', /::1 is loopback/],
    ['http://[::ffff:127.0.0.1]/hook', /::ffff:7f00:1 is loopback/],
    ['http://[fe80::1]/hook', /link-local/],
    ['http://[fd12:3456::1]/hook', /unique-local/],
    ['http://localhost/hook', /local/],
    ['http://LOCALHOST:3000/hook', /local/],
    ['http://localhost./hook', /local/],
    ['http://api.localhost/hook', /local/],
  ])('refuses %j', (url, reason) => {
    const r = ok(url);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('WHATWG URL itself normalises the numeric IPv4 forms', () => {
    for (const u of ['http://2130706433/', 'http://0x7f.1/', 'http://017700000001/', 'http://0177.0.0.1/', 'http://127.1/']) {
      expect(new URL(u).hostname).toBe('127.0.0.1');
    }
  });

  it('allowPrivate lets loopback, private and localhost through, but not metadata or link-local', () => {
    expect(ok('http://127.0.0.1:3000/hook', true).ok).toBe(true);
    expect(ok('http://10.1.2.3:8080/hook', true).ok).toBe(true);
    expect(ok('http://localhost:3000/hook', true).ok).toBe(true);
    expect(ok('http://[::1]:3000/hook', true).ok).toBe(true);
    expect(ok('http://169.254.169.254/', true).ok).toBe(false);
    expect(ok('http://[fe80::1]/', true).ok).toBe(false);
    expect(ok('http://0.0.0.0:3000/', true).ok).toBe(false);
  });

  it('accepts exactly 2048 characters', () => {
    const base = 'https://partner.example.com/';
    expect(ok(base + 'a'.repeat(2048 - base.length)).ok).toBe(true);
    expect(ok(base + 'a'.repeat(2049 - base.length)).ok).toBe(false);
  });
});

describe('safeLookup', () => {
  /** A resolver that answers from a table, so these tests need no DNS. */
  const fake =
    (answers: Record<string, Array<{ address: string; family: number }>>): LookupFunction =>
    (hostname, _opts, cb) => {
      const list = answers[hostname];
      if (!list) return cb(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }), []);
      cb(null, list);
    };
  const answers = {
    'public.test': [
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::1', family: 6 },
    ],
    'rebind.test': [
      { address: '93.184.216.34', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ],
    'mapped.test': [{ address: '::ffff:169.254.169.254', family: 6 }],
    'lan.test': [{ address: '192.168.1.10', family: 4 }],
  };
  const run = (allowPrivate: boolean, host: string, opts: object | number = {}) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) => {
      const lookup = safeLookup(allowPrivate, fake(answers)) as (h: string, o: unknown, cb: (...a: unknown[]) => void) => void;
      lookup(host, opts, (err, address, family) => resolve({ err: err as NodeJS.ErrnoException | null, address, family: family as number }));
    });

  it('returns the first address, or all with {all: true}, when every address is allowed', async () => {
    expect(await run(false, 'public.test')).toEqual({ err: null, address: '93.184.216.34', family: 4 });
    expect(await run(false, 'public.test', 4)).toEqual({ err: null, address: '93.184.216.34', family: 4 });
    expect((await run(false, 'public.test', { all: true })).address).toEqual(answers['public.test']);
  });

  it('fails with ERR_SSRF_BLOCKED if ANY address is refused', async () => {
    for (const host of ['rebind.test', 'mapped.test', 'lan.test']) {
      const { err } = await run(false, host, { all: true });
      expect(err).toBeInstanceOf(SsrfBlockedError);
      expect(err?.code).toBe('ERR_SSRF_BLOCKED');
    }
    const { err } = await run(false, 'mapped.test');
    expect(err?.message).toMatch(/mapped\.test resolves to ::ffff:169\.254\.169\.254 \(metadata\)/);
  });

  it('allowPrivate admits private addresses but never metadata', async () => {
    expect((await run(true, 'lan.test')).err).toBeNull();
    expect((await run(true, 'rebind.test')).err).toBeNull();
    expect((await run(true, 'mapped.test')).err?.code).toBe('ERR_SSRF_BLOCKED');
  });

  it('passes resolver errors through', async () => {
    expect((await run(false, 'nowhere.test')).err?.code).toBe('ENOTFOUND');
  });

  it('with the real resolver, localhost is blocked (no network: /etc/hosts)', async () => {
    const lookup = safeLookup(false);
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) => lookup('localhost', {}, (e) => resolve(e)));
    expect(err?.code).toBe('ERR_SSRF_BLOCKED');
  });

  describe('as http.request lookup', () => {
    let server: http.Server;
    let port: number;
    beforeAll(async () => {
      server = http.createServer((_req, res) => res.end('ok'));
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const get = (allowPrivate: boolean) =>
      new Promise<string>((resolve, reject) => {
        const req = http.request({ host: 'localhost', port, family: 4, lookup: safeLookup(allowPrivate) }, (res) => {
          res.setEncoding('utf8');
          let body = '';
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve(body));
        });
        req.on('error', reject);
        req.end();
      });

    it('the connection is refused before any byte is sent', async () => {
      await expect(get(false)).rejects.toMatchObject({ code: 'ERR_SSRF_BLOCKED' });
    });

    it('goes through when private addresses are allowed', async () => {
      expect(await get(true)).toBe('ok');
    });
  });
});
