/**
 * Publishes to NSQ through nsqd's HTTP API (`POST /mpub?topic=…`, one message per line), as the seed's
 * everpro-logistic does with topic `callback-update-status`. The only network code of the relay.
 */
export interface NsqPublisher {
  publish(topic: string, messages: string[]): Promise<void>;
}

export function nsqUrl(address: string): string {
  const base = /^https?:\/\//i.test(address) ? address : `http://${address}`;
  return base.replace(/\/+$/, '');
}

export function createNsqPublisher(address: string, timeoutMs = 5000): NsqPublisher {
  const base = nsqUrl(address);
  return {
    async publish(topic, messages) {
      if (messages.length === 0) return;
      // mpub's line format: a message must not contain a newline (JSON.stringify never emits one).
      const body = messages.join('\n');
      const res = await fetch(`${base}/mpub?topic=${encodeURIComponent(topic)}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'text/plain' },
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      if (!res.ok) throw new Error(`nsqd answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    },
  };
}
