import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyAddress, isAllowedAddress, validateWebhookUrl, type AddressKind } from './ssrf.js';

/** [address, expected kind]: each range's first, a middle and last address, plus its neighbours outside. */
const TABLE: ReadonlyArray<readonly [string, AddressKind]> = [
  ['0.0.0.0', 'unspecified'],
  ['0.255.255.255', 'unspecified'],
  ['1.0.0.0', 'public'],
  ['9.255.255.255', 'public'],
  ['10.0.0.0', 'private'],
  ['10.20.30.40', 'private'],
  ['10.255.255.255', 'private'],
  ['11.0.0.0', 'public'],
  ['100.63.255.255', 'public'],
  ['100.64.0.0', 'cgnat'],
  ['100.127.255.255', 'cgnat'],
  ['100.128.0.0', 'public'],
  ['126.255.255.255', 'public'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['128.0.0.0', 'public'],
  ['169.253.255.255', 'public'],
  ['169.254.0.1', 'link-local'],
  ['169.254.255.255', 'link-local'],
  ['169.255.0.0', 'public'],
  ['172.15.255.255', 'public'],
  ['172.16.0.0', 'private'],
  ['172.31.255.255', 'private'],
  ['172.32.0.0', 'public'],
  ['192.0.0.0', 'reserved'],
  ['192.0.0.255', 'reserved'],
  ['192.0.1.0', 'public'],
  ['192.0.2.0', 'documentation'],
  ['192.0.2.255', 'documentation'],
  ['192.0.3.0', 'public'],
  ['192.88.99.1', 'reserved'],
  ['192.167.255.255', 'public'],
  ['192.168.0.0', 'private'],
  ['192.168.255.255', 'private'],
  ['192.169.0.0', 'public'],
  ['198.17.255.255', 'public'],
  ['198.18.0.0', 'benchmarking'],
  ['198.19.255.255', 'benchmarking'],
  ['198.20.0.0', 'public'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.255', 'documentation'],
  ['203.0.114.0', 'public'],
  ['223.255.255.255', 'public'],
  ['224.0.0.0', 'multicast'],
  ['239.255.255.255', 'multicast'],
  ['240.0.0.0', 'reserved'],
  ['255.255.255.254', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  ['8.8.8.8', 'public'],
  ['169.254.169.254', 'metadata'],
  ['169.254.170.2', 'metadata'],
  ['100.100.100.200', 'metadata'],
  ['168.63.129.16', 'metadata'],
  // IPv6
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['fec0::1', 'reserved'],
  ['fc00::1', 'unique-local'],
  ['fdff:ffff::1', 'unique-local'],
  ['fd00:ec2::254', 'metadata'],
  ['ff02::1', 'multicast'],
  ['FF05::2', 'multicast'],
  ['2001:db8::1', 'documentation'],
  ['2001:db8:ffff::1', 'documentation'],
  ['3fff::1', 'documentation'],
  ['2001:2::1', 'benchmarking'],
  ['2001::1', 'reserved'], // Teredo
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
  ['2001:10::1', 'reserved'],
  ['100::1', 'reserved'],
  ['64:ff9b:1::1', 'reserved'],
  ['2606:4700:4700::1111', 'public'],
  ['2a00:1450:4001:82a::200e', 'public'],
  ['2001:4860:4860::8888', 'public'],
  ['4000::1', 'reserved'],
  ['1::', 'reserved'],
  ['5f00::1', 'reserved'],
  // IPv4 inside IPv6
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::FFFF:7F00:0001', 'loopback'],
  ['0:0:0:0:0:ffff:127.0.0.1', 'loopback'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:a9fe:a9fe', 'metadata'],
  ['::ffff:8.8.8.8', 'public'],
  ['::ffff:0.0.0.0', 'unspecified'],
  ['::127.0.0.1', 'loopback'], // IPv4-compatible
  ['::192.168.1.1', 'private'],
  ['::8.8.8.8', 'reserved'],
  ['::ffff:0:127.0.0.1', 'loopback'], // SIIT
  ['::ffff:0:8.8.8.8', 'reserved'],
  ['64:ff9b::127.0.0.1', 'loopback'], // NAT64
  ['64:ff9b::a00:1', 'private'],
  ['64:ff9b::8.8.8.8', 'public'],
  ['2002:7f00:1::', 'loopback'], // 6to4
  ['2002:c0a8:101::1', 'private'],
  ['2002:a9fe:a9fe::1', 'metadata'],
  ['2002:808:808::1', 'reserved'],
];

const ALLOWED_WITH_PRIVATE: ReadonlySet<AddressKind> = new Set(['public', 'private', 'loopback', 'unique-local', 'cgnat']);

describe('classifyAddress', () => {
  it.each(TABLE)('%s is %s', (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it.each(['', 'localhost', '1.2.3', '256.0.0.1', '01.2.3.4', '1.2.3.4 ', '::g', '1:2:3:4:5:6:7:8:9', '[::1]', '0x7f000001'])('throws on %j', (s) => {
    expect(() => classifyAddress(s)).toThrow(TypeError);
  });
});

describe('isAllowedAddress', () => {
  it.each(TABLE)('%s (%s)', (ip, kind) => {
    expect(isAllowedAddress(ip, { allowPrivate: false })).toBe(kind === 'public');
    expect(isAllowedAddress(ip, { allowPrivate: true })).toBe(ALLOWED_WITH_PRIVATE.has(kind));
  });

  it('link-local and metadata stay refused with allowPrivate', () => {
    for (const ip of ['169.254.169.254', '169.254.1.1', 'fe80::1', 'fd00:ec2::254', '::ffff:169.254.169.254', '0.0.0.0']) {
      expect(isAllowedAddress(ip, { allowPrivate: true })).toBe(false);
    }
  });

  it('never throws; non-addresses are refused', () => {
    expect(isAllowedAddress('example.com', { allowPrivate: true })).toBe(false);
    expect(isAllowedAddress('', { allowPrivate: true })).toBe(false);
  });
});

/** The special IPv4 ranges, written out independently of the module: [first octets, prefix length]. */
const V4_SPECIAL: ReadonlyArray<readonly [number, number, number, number, number]> = [
  [0, 0, 0, 0, 8],
  [10, 0, 0, 0, 8],
  [100, 64, 0, 0, 10],
  [127, 0, 0, 0, 8],
  [169, 254, 0, 0, 16],
  [172, 16, 0, 0, 12],
  [192, 0, 0, 0, 24],
  [192, 0, 2, 0, 24],
  [192, 88, 99, 0, 24],
  [192, 168, 0, 0, 16],
  [198, 18, 0, 0, 15],
  [198, 51, 100, 0, 24],
  [203, 0, 113, 0, 24],
  [224, 0, 0, 0, 4],
  [240, 0, 0, 0, 4],
  [100, 100, 100, 200, 32],
  [168, 63, 129, 16, 32],
];
const toInt = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
const inSpecial = (n: number) => V4_SPECIAL.some(([a, b, c, d, len]) => n >>> (32 - len) === toInt(a, b, c, d) >>> (32 - len));
const dotted = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const hex = (n: number) => `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;

/** A random address inside one of the special ranges. */
const specialV4 = fc
  .tuple(fc.constantFrom(...V4_SPECIAL), fc.nat({ max: 0xffffffff }))
  .map(([[a, b, c, d, len], r]) => (toInt(a, b, c, d) | (len === 32 ? 0 : r >>> len)) >>> 0);

describe('properties', () => {
  it('a random IPv4 address outside every special range is public and allowed', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (n) => {
        fc.pre(!inSpecial(n));
        expect(classifyAddress(dotted(n))).toBe('public');
        expect(isAllowedAddress(dotted(n), { allowPrivate: false })).toBe(true);
        expect(isAllowedAddress(`::ffff:${dotted(n)}`, { allowPrivate: false })).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('every IPv4 address inside a special range, in every IPv6 spelling, is refused', () => {
    fc.assert(
      fc.property(specialV4, (n) => {
        const kind = classifyAddress(dotted(n));
        expect(kind).not.toBe('public');
        const forms = [
          dotted(n),
          `::ffff:${dotted(n)}`,
          `::ffff:${hex(n)}`,
          `::FFFF:${hex(n).toUpperCase()}`,
          `0:0:0:0:0:ffff:${hex(n)}`,
          `0000:0000:0000:0000:0000:ffff:${dotted(n)}`,
          `::ffff:0:${dotted(n)}`,
          `64:ff9b::${dotted(n)}`,
          `64:ff9b::${hex(n)}`,
          `2002:${hex(n)}::1`,
          `2002:${hex(n)}:ffff:ffff:ffff:ffff:ffff`,
        ];
        if (n > 1) forms.push(`::${dotted(n)}`); // ::0.0.0.0 and ::0.0.0.1 are :: and ::1
        for (const ip of forms) {
          expect(isAllowedAddress(ip, { allowPrivate: false }), ip).toBe(false);
          expect(classifyAddress(ip), ip).toBe(kind);
        }
        const url = validateWebhookUrl(`https://[::ffff:${dotted(n)}]/hook`, { allowPrivate: false });
        expect(url.ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('public IPv6 outside the special ranges is allowed', () => {
    // 2400::/6 and 2800::/5 hold no special range.
    const group = fc.nat({ max: 0xffff }).map((g) => g.toString(16));
    fc.assert(
      fc.property(fc.integer({ min: 0x2400, max: 0x2fff }), fc.array(group, { minLength: 7, maxLength: 7 }), (first, rest) => {
        const ip = [first.toString(16), ...rest].join(':');
        expect(classifyAddress(ip)).toBe('public');
      }),
    );
  });
});
