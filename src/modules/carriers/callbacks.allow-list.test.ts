import { describe, expect, it } from 'vitest';
import { buildAllowList } from './callbacks.service.js';

describe('JNE callback allow-list', () => {
  it('is off when empty', () => {
    expect(buildAllowList([])).toBeNull();
  });

  it('matches single addresses and CIDR blocks of both families', () => {
    const list = buildAllowList(['203.0.113.7', '198.51.100.0/24', '2001:db8::/32'])!;
    expect(list.check('203.0.113.7', 'ipv4')).toBe(true);
    expect(list.check('203.0.113.8', 'ipv4')).toBe(false);
    expect(list.check('198.51.100.250', 'ipv4')).toBe(true);
    expect(list.check('198.51.101.1', 'ipv4')).toBe(false);
    expect(list.check('2001:db8:1::5', 'ipv6')).toBe(true);
    expect(list.check('2001:db9::5', 'ipv6')).toBe(false);
  });
});
