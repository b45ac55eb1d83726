import { describe, expect, it } from 'vitest';
import { clientIpKey } from './client-ip-key.js';

describe('clientIpKey', () => {
  it('keys IPv4 by address and IPv4-mapped IPv6 as the IPv4 address', () => {
    expect(clientIpKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientIpKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('keys every address of one IPv6 /64 alike, whatever its spelling', () => {
    const key = clientIpKey('2001:db8:1:2::1');
    expect(key).toBe('2001:db8:1:2::/64');
    expect(clientIpKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe(key);
    expect(clientIpKey('2001:DB8:1:2:a:b:c:d')).toBe(key);
    expect(clientIpKey('2001:db8:1:3::1')).not.toBe(key);
  });

  it('passes anything that is not an address through unchanged', () => {
    expect(clientIpKey('unknown')).toBe('unknown');
  });

  it('answers an address asked again (it keeps recent ones) as it did the first time', () => {
    for (let round = 0; round < 2; round += 1) {
      expect(clientIpKey('::ffff:198.51.100.9')).toBe('198.51.100.9');
      expect(clientIpKey('2001:db8:5:6::9')).toBe('2001:db8:5:6::/64');
      expect(clientIpKey('x'.repeat(100))).toBe('x'.repeat(100));
    }
  });
});
