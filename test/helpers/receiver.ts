import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  /** webhook-id */
  id: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Date.now() when the request's body had arrived */
  at: number;
  path: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering. */
  delayMs?: number;
}

/** Decides each answer: `seen` counts the earlier deliveries of the same webhook-id. */
export type Responder = (r: Received, seen: number) => Reply;

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  respond: Responder;
  /** Resolves when `pred(received)` holds, rejects after `timeoutMs`. */
  waitFor(pred: (all: Received[]) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTP server on loopback that records every webhook it gets. */
export async function startReceiver(respond: Responder = () => ({ status: 200, body: 'ok' })): Promise<Receiver> {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const self: Receiver = {
    url: '',
    port: 0,
    received,
    respond,
    async waitFor(pred, timeoutMs = 15_000, what = 'deliveries') {
      const deadline = Date.now() + timeoutMs;
      while (!pred(received)) {
        if (Date.now() > deadline)
          throw new Error(
            `timed out waiting for ${what}; received ${received.length}: ${received
              .map((r) => `${r.id}`)
              .slice(-10)
              .join(', ')}`,
          );
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = String(req.headers['webhook-id'] ?? '');
      const r: Received = { id, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now(), path: req.url ?? '/' };
      received.push(r);
      const n = seen.get(id) ?? 0;
      seen.set(id, n + 1);
      const reply = self.respond(r, n);
      const send = () => {
        res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
        res.end(reply.body ?? '');
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self.port = (server.address() as AddressInfo).port;
  self.url = `http://127.0.0.1:${self.port}/hook`;
  return self;
}
