import net from 'node:net';

export type ProxyMode = 'pass' | 'refuse' | 'freeze';

export interface TcpProxy {
  readonly port: number;
  /** The URL `url` with its host and port replaced by this proxy's. */
  urlFor(url: string): string;
  /**
   * pass: forward bytes. refuse: drop every connection and stop listening (a stopped server: new
   * connections get ECONNREFUSED). freeze: keep every connection and accept new ones but forward
   * nothing (a SIGSTOPped server: the kernel still accepts, nothing answers) until `pass`.
   */
  setMode(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a test's PostgreSQL, so a test can make the database unreachable or frozen
 * for ONE hub without touching the server every other test file shares.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'pass';
  const pairs = new Set<{ client: net.Socket; upstream?: net.Socket }>();
  const held: Array<{ client: net.Socket; upstream?: net.Socket }> = [];

  const connectUpstream = (pair: { client: net.Socket; upstream?: net.Socket }) => {
    const upstream = net.connect(target.port, target.host);
    pair.upstream = upstream;
    pair.client.pipe(upstream).pipe(pair.client);
    const end = () => {
      pair.client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    upstream.on('error', end).on('close', end);
    pair.client.on('error', end).on('close', end);
  };

  const server = net.createServer((client) => {
    const pair = { client } as { client: net.Socket; upstream?: net.Socket };
    pairs.add(pair);
    client.on('error', () => client.destroy());
    if (mode === 'freeze') {
      client.pause();
      held.push(pair);
    } else connectUpstream(pair);
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    urlFor(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    async setMode(next) {
      if (next === mode) return;
      const previous = mode;
      mode = next;
      if (previous === 'refuse') await listen(port);
      if (next === 'refuse') {
        for (const p of pairs) {
          p.client.destroy();
          p.upstream?.destroy();
        }
        pairs.clear();
        held.length = 0;
        await new Promise<void>((resolve) => server.close(() => resolve()));
      } else if (next === 'freeze') {
        for (const p of pairs) {
          p.client.unpipe();
          p.upstream?.unpipe();
          p.client.pause();
          p.upstream?.pause();
        }
      } else {
        for (const p of pairs) {
          if (!p.upstream) continue;
          p.client.pipe(p.upstream).pipe(p.client);
          p.client.resume();
          p.upstream.resume();
        }
        for (const p of held.splice(0)) {
          p.client.resume();
          connectUpstream(p);
        }
      }
    },
    async close() {
      for (const p of pairs) {
        p.client.destroy();
        p.upstream?.destroy();
      }
      if (mode !== 'refuse') await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
