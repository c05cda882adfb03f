/**
 * Address policy for outbound webhook calls: a partner-supplied URL must not reach our own network,
 * the cloud metadata service or other special-purpose addresses (the private,
 * loopback, link-local, CGNAT and reserved ranges of IANA's special-purpose registries, IPv4 and IPv6,
 * mapped forms included). Two checkpoints, as Svix does:
 *
 * - `validateWebhookUrl` when an endpoint is saved: scheme, credentials, port, literal IP hosts;
 * - `safeLookup` at connect time: every address the name resolves to is checked, so a DNS name that
 *   points (or later re-points) at 127.0.0.1 is refused too. Pass it as `lookup` to `http.request`
 *   or `connect: { lookup }` to an undici Agent.
 *
 * Classification is written out here (no dependency) over integer forms of the address, after
 * unwrapping every IPv6 form that embeds an IPv4 address, so `::ffff:7f00:1` is loopback like
 * `127.0.0.1`. Everything except `safeLookup` is pure.
 */
import dns from 'node:dns';
import net from 'node:net';

export type AddressKind =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'cgnat'
  | 'unique-local'
  | 'multicast'
  | 'broadcast'
  | 'unspecified'
  | 'reserved'
  | 'documentation'
  | 'benchmarking'
  /** Cloud instance-metadata endpoints; refused even with `allowPrivate`. */
  | 'metadata';

/** What `allowPrivate` (local development, on-premises receivers) unlocks. Never link-local or metadata. */
const PRIVATE_KINDS: ReadonlySet<AddressKind> = new Set(['private', 'loopback', 'unique-local', 'cgnat']);

type V4Rule = readonly [base: number, prefix: number, kind: AddressKind];
type V6Rule = readonly [base: bigint, prefix: number, kind: AddressKind];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function v6ToBigInt(ip: string): bigint {
  let s = ip;
  // A dotted tail (`::ffff:1.2.3.4`) becomes two hex groups.
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    const n = v4ToInt(s.slice(lastColon + 1));
    s = `${s.slice(0, lastColon + 1)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

const v4 = (cidr: string, kind: AddressKind): V4Rule => {
  const [ip = '', len = '32'] = cidr.split('/');
  return [v4ToInt(ip), Number(len), kind];
};
const v6 = (cidr: string, kind: AddressKind): V6Rule => {
  const [ip = '', len = '128'] = cidr.split('/');
  return [v6ToBigInt(ip), Number(len), kind];
};

/** IANA IPv4 special-purpose registry, most specific first (first match wins). */
const V4_RULES: readonly V4Rule[] = [
  v4('169.254.169.254/32', 'metadata'), // AWS, GCP, Azure, OpenStack…
  v4('169.254.170.2/32', 'metadata'), // AWS ECS task metadata
  v4('100.100.100.200/32', 'metadata'), // Alibaba Cloud
  v4('168.63.129.16/32', 'metadata'), // Azure WireServer (a public-range address)
  v4('255.255.255.255/32', 'broadcast'),
  v4('0.0.0.0/8', 'unspecified'), // "this network"; connecting to 0.0.0.0 reaches localhost on Linux
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'cgnat'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'reserved'), // IETF protocol assignments
  v4('192.0.2.0/24', 'documentation'), // TEST-NET-1
  v4('192.88.99.0/24', 'reserved'), // deprecated 6to4 relay anycast
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'benchmarking'),
  v4('198.51.100.0/24', 'documentation'), // TEST-NET-2
  v4('203.0.113.0/24', 'documentation'), // TEST-NET-3
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved'), // class E
];

const V6_RULES: readonly V6Rule[] = [
  v6('fd00:ec2::254/128', 'metadata'), // AWS IMDS over IPv6
  v6('64:ff9b:1::/48', 'reserved'), // local-use NAT64 (RFC 8215): translates to anything
  v6('100::/64', 'reserved'), // discard-only
  v6('2001::/32', 'reserved'), // Teredo: the client address is obfuscated, cannot be checked
  v6('2001:2::/48', 'benchmarking'),
  v6('2001:db8::/32', 'documentation'),
  v6('2001::/23', 'reserved'), // IETF protocol assignments
  v6('3fff::/20', 'documentation'), // RFC 9637
  v6('fc00::/7', 'unique-local'),
  v6('fe80::/10', 'link-local'),
  v6('fec0::/10', 'reserved'), // deprecated site-local
  v6('ff00::/8', 'multicast'),
];

const in4 = (n: number, [base, len]: V4Rule): boolean => (len === 0 ? true : n >>> (32 - len) === base >>> (32 - len));
const in6 = (x: bigint, base: bigint, len: number): boolean => x >> BigInt(128 - len) === base >> BigInt(128 - len);

function classifyV4(n: number): AddressKind {
  return V4_RULES.find((r) => in4(n, r))?.[2] ?? 'public';
}

const MAPPED = v6ToBigInt('::ffff:0:0'); // ::ffff:a.b.c.d — the socket really talks IPv4
const TRANSLATED = v6ToBigInt('::ffff:0:0:0'); // SIIT ::ffff:0:a.b.c.d
const NAT64 = v6ToBigInt('64:ff9b::'); // well-known NAT64 prefix: reaches the embedded IPv4
const SIX_TO_FOUR = v6ToBigInt('2002::');
const GLOBAL_UNICAST = v6ToBigInt('2000::');

/**
 * Forms that embed IPv4 but are deprecated or tunnel through relays (compatible, SIIT, 6to4) take
 * the embedded address's kind when that is not public, else 'reserved': nobody should need them.
 */
function viaDeprecated(embedded: number): AddressKind {
  const kind = classifyV4(embedded);
  return kind === 'public' ? 'reserved' : kind;
}

function classifyV6(x: bigint): AddressKind {
  const low32 = Number(x & 0xffffffffn);
  if (x === 0n) return 'unspecified';
  if (x === 1n) return 'loopback';
  if (in6(x, MAPPED, 96)) return classifyV4(low32);
  if (in6(x, 0n, 96)) return viaDeprecated(low32); // IPv4-compatible ::a.b.c.d
  if (in6(x, TRANSLATED, 96)) return viaDeprecated(low32);
  if (in6(x, NAT64, 96)) return classifyV4(low32);
  if (in6(x, SIX_TO_FOUR, 16)) return viaDeprecated(Number((x >> 80n) & 0xffffffffn));
  const rule = V6_RULES.find(([base, len]) => in6(x, base, len));
  if (rule) return rule[2];
  return in6(x, GLOBAL_UNICAST, 3) ? 'public' : 'reserved'; // outside 2000::/3 nothing is allocated
}

/** Kind of a literal IPv4 or IPv6 address (an IPv6 zone `%eth0` is ignored). Throws on anything else. */
export function classifyAddress(ip: string): AddressKind {
  const bare = ip.replace(/%.*$/, '');
  if (net.isIPv4(bare)) return classifyV4(v4ToInt(bare));
  if (net.isIPv6(bare)) return classifyV6(v6ToBigInt(bare));
  throw new TypeError(`not an IP address: ${JSON.stringify(ip)}`);
}

export interface AddressPolicy {
  /** Also allow private, loopback, unique-local and CGNAT addresses (development, on-premises). */
  allowPrivate: boolean;
}

/** Never throws: anything that is not an IP address is refused. */
export function isAllowedAddress(ip: string, { allowPrivate }: AddressPolicy): boolean {
  let kind: AddressKind;
  try {
    kind = classifyAddress(ip);
  } catch {
    return false;
  }
  return kind === 'public' || (allowPrivate && PRIVATE_KINDS.has(kind));
}

export class SsrfBlockedError extends Error {
  override readonly name = 'SsrfBlockedError';
  readonly code = 'ERR_SSRF_BLOCKED';
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly kind: AddressKind | 'invalid',
  ) {
    super(`webhook host ${hostname} resolves to ${address} (${kind}), which is not allowed`);
  }
}

type LookupCallback = Parameters<net.LookupFunction>[2];

/**
 * A `dns.lookup` replacement that fails with `ERR_SSRF_BLOCKED` if ANY resolved address is refused —
 * not just the first: the connection may try them all (Happy Eyeballs). `resolver` is for tests.
 */
export function safeLookup(allowPrivate: boolean, resolver: net.LookupFunction = dns.lookup): net.LookupFunction {
  return (hostname, options, callback) => {
    // dns.lookup's own shapes: (host, cb), (host, family, cb), (host, options, cb).
    let cb = callback;
    let opts: dns.LookupOptions = {};
    if (typeof options === 'function') cb = options as LookupCallback;
    else if (typeof options === 'number') opts = { family: options };
    else if (options) opts = options;
    resolver(hostname, { ...opts, all: true }, (err, result) => {
      if (err) return cb(err, opts.all ? [] : '');
      const list = Array.isArray(result) ? result : [{ address: result, family: net.isIPv6(result) ? 6 : 4 }];
      if (list.length === 0) {
        return cb(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND', hostname }), opts.all ? [] : '');
      }
      for (const a of list) {
        if (!isAllowedAddress(a.address, { allowPrivate })) {
          let kind: AddressKind | 'invalid' = 'invalid';
          try {
            kind = classifyAddress(a.address);
          } catch {
            /* stays 'invalid' */
          }
          return cb(new SsrfBlockedError(hostname, a.address, kind), opts.all ? [] : '');
        }
      }
      if (opts.all) return cb(null, list);
      const first = list[0]!;
      cb(null, first.address, first.family);
    });
  };
}

export const MAX_URL_LENGTH = 2048;
/** Below 1024 only the web ports: a webhook must not become an SMTP/SSH/… client. */
const LOW_PORTS_ALLOWED: ReadonlySet<number> = new Set([80, 443]);

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * Checks a webhook URL when it is registered. Literal IP hosts are checked here (the WHATWG parser
 * already turned `http://2130706433/`, `http://0x7f.1/` and `http://017700000001/` into
 * `127.0.0.1`); names are checked again at connect time by `safeLookup`.
 */
export function validateWebhookUrl(input: string, { allowPrivate }: AddressPolicy): UrlCheck {
  const no = (reason: string): UrlCheck => ({ ok: false, reason });
  if (typeof input !== 'string' || input.length === 0) return no('URL is empty');
  if (input.length > MAX_URL_LENGTH) return no(`URL is longer than ${MAX_URL_LENGTH} characters`);
  // The parser silently drops tabs/newlines and trims spaces; refuse rather than guess.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\x00-\x20\x7f]/.test(input)) return no('URL contains whitespace or control characters');
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return no('not a valid absolute URL');
  }
  if (url.href.length > MAX_URL_LENGTH) return no(`URL is longer than ${MAX_URL_LENGTH} characters`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return no('URL scheme must be https or http');
  if (url.username !== '' || url.password !== '') return no('URL must not contain credentials');
  if (url.hostname === '') return no('URL has no host');
  if (url.port !== '') {
    const port = Number(url.port);
    if (port < 1024 && !LOW_PORTS_ALLOWED.has(port)) return no(`port ${port} is not allowed (use 80, 443 or 1024–65535)`);
  }
  const host = url.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
  if (net.isIP(host) !== 0) {
    if (!isAllowedAddress(host, { allowPrivate })) return no(`address ${host} is ${classifyAddress(host)}, which is not allowed`);
  } else if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) {
    return no(`host ${host} is local`);
  }
  return { ok: true, url };
}
