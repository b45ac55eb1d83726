import dns from 'node:dns';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ForbiddenAddressError, guardedLookup, isForbiddenAddress } from './http.address.js';

describe('isForbiddenAddress', () => {
  it.each([
    '0.0.0.0',
    '10.0.0.1',
    '100.64.0.1',
    '100.127.255.255',
    '127.0.0.1',
    '127.255.255.254',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '192.0.2.1',
    '198.18.0.1',
    '224.0.0.1',
    '239.255.255.250',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::127.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    'fec0::1',
    'ff02::1',
    '2001:db8::1',
    'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '2a00:1450::1',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('allows public %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });
});

describe('guardedLookup', () => {
  afterEach(() => vi.restoreAllMocks());

  const fakeDns = (addresses: dns.LookupAddress[]) =>
    vi
      .spyOn(dns, 'lookup')
      .mockImplementation(((_host: string, _opts: unknown, cb: (e: null, a: dns.LookupAddress[]) => void) =>
        cb(null, addresses)) as never);

  it('hands public addresses to the socket, in both callback styles', async () => {
    fakeDns([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]);
    const all = await new Promise<unknown>((resolve) =>
      guardedLookup('example.com', { all: true }, (_e, a) => resolve(a)),
    );
    expect(all).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]);
    const one = await new Promise<unknown[]>((resolve) =>
      guardedLookup('example.com', {}, (_e, a, f) => resolve([a, f])),
    );
    expect(one).toEqual(['93.184.215.14', 4]);
  });

  it('refuses when any one of the addresses is private (no picking the good one)', async () => {
    fakeDns([
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ]);
    const err = await new Promise<unknown>((resolve) =>
      guardedLookup('mixed.example', { all: true }, (e) => resolve(e)),
    );
    expect(err).toBeInstanceOf(ForbiddenAddressError);
  });

  it('refuses a name resolving to loopback, in both callback styles', async () => {
    for (const all of [true, false]) {
      const err = await new Promise<unknown>((resolve) => guardedLookup('localhost', { all }, (e) => resolve(e)));
      expect(err).toBeInstanceOf(ForbiddenAddressError);
    }
  });

  it('passes lookup errors through', async () => {
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      guardedLookup('does-not-exist.invalid', {}, (e) => resolve(e)),
    );
    expect(err?.code).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });
});
