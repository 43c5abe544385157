import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendGuardedRequest } from '../guarded-request.js';
import {
  embeddedIpv4,
  OutboundTargetError,
  parseOutboundUrl,
  refusedAddressReason,
  resolveOutboundTarget,
  type ResolveHost,
} from '../ssrf-guard.js';

const strict = { allowLoopback: false };
const loopbackAllowed = { allowLoopback: true };

describe('refusedAddressReason', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    'fe80::1',
    'fc00::1',
    'fd00:ec2::254',
    'ff02::1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a00:1',
    '2002:c0a8:0101::1',
  ])('refuses the private or reserved address %s', (address) => {
    expect(refusedAddressReason(address, loopbackAllowed)).toMatch(/private|reserved|loopback/);
  });

  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])(
    'refuses loopback %s unless the policy allows it',
    (address) => {
      expect(refusedAddressReason(address, strict)).toMatch(/loopback/);
      expect(refusedAddressReason(address, loopbackAllowed)).toBeNull();
    },
  );

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '172.32.0.1'])(
    'allows the public address %s',
    (address) => {
      expect(refusedAddressReason(address, strict)).toBeNull();
    },
  );

  it('reads the IPv4 address inside mapped and NAT64 IPv6 addresses', () => {
    expect(embeddedIpv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('::ffff:192.168.0.1')).toBe('192.168.0.1');
    expect(embeddedIpv4('64:ff9b::0a00:0001')).toBe('10.0.0.1');
    expect(embeddedIpv4('2606:4700::1')).toBeNull();
  });
});

describe('parseOutboundUrl', () => {
  it.each([
    ['ftp://example.com/x', /http or https/],
    ['file:///etc/passwd', /http or https/],
    ['https://user:pw@example.com/', /credentials/],
    ['not a url', /absolute URL/],
  ])('refuses %s', (url, reason) => {
    expect(() => parseOutboundUrl(url)).toThrow(reason);
  });
});

describe('resolveOutboundTarget', () => {
  const resolvesTo =
    (...addresses: string[]): ResolveHost =>
    () =>
      Promise.resolve(
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );

  it('refuses a host name that resolves to loopback when loopback is not allowed', async () => {
    const policy = { ...strict, resolveHost: resolvesTo('127.0.0.1') };
    await expect(resolveOutboundTarget(new URL('http://rebind.test/'), policy)).rejects.toThrow(
      /rebind\.test resolves to 127\.0\.0\.1 is a loopback address/,
    );
  });

  it('refuses a host name when any of its addresses is private', async () => {
    const policy = { ...strict, resolveHost: resolvesTo('93.184.216.34', '10.0.0.7') };
    await expect(
      resolveOutboundTarget(new URL('https://mixed.test/'), policy),
    ).rejects.toBeInstanceOf(OutboundTargetError);
  });

  it('refuses a bracketed IPv6 literal of a private address', async () => {
    await expect(resolveOutboundTarget(new URL('http://[fe80::1]:8080/'), strict)).rejects.toThrow(
      /link-local/,
    );
  });

  it('answers the checked public address', async () => {
    const policy = { ...strict, resolveHost: resolvesTo('93.184.216.34') };
    await expect(resolveOutboundTarget(new URL('https://ok.test/'), policy)).resolves.toEqual({
      address: '93.184.216.34',
      family: 4,
    });
  });
});

describe('sendGuardedRequest', () => {
  let server: Server;
  let port: number;
  const seen: { host?: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ host: req.headers.host, body });
        if (req.url === '/redirect') {
          res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
        } else if (req.url === '/slow') {
          setTimeout(() => res.end('late'), 2000);
        } else {
          res.writeHead(200).end('x'.repeat(5000));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('connects to the checked address while keeping the host name in the Host header', async () => {
    const policy = {
      allowLoopback: true,
      resolveHost: () => Promise.resolve([{ address: '127.0.0.1', family: 4 as const }]),
    };
    const response = await sendGuardedRequest(
      `http://hooks.test:${port}/`,
      { body: 'hello', timeoutMs: 2000, maxResponseBytes: 100 },
      policy,
    );
    expect(response.status).toBe(200);
    expect(response.bodyExcerpt).toHaveLength(100);
    expect(seen.at(-1)).toEqual({ host: `hooks.test:${port}`, body: 'hello' });
  });

  it('refuses loopback before connecting when the policy does not allow it', async () => {
    const before = seen.length;
    await expect(
      sendGuardedRequest(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 }, strict),
    ).rejects.toBeInstanceOf(OutboundTargetError);
    expect(seen).toHaveLength(before);
  });

  it('does not follow a redirect', async () => {
    const response = await sendGuardedRequest(
      `http://127.0.0.1:${port}/redirect`,
      { timeoutMs: 2000 },
      loopbackAllowed,
    );
    expect(response).toMatchObject({
      status: 302,
      location: 'http://169.254.169.254/latest/meta-data',
    });
  });

  it('gives up after the timeout', async () => {
    await expect(
      sendGuardedRequest(`http://127.0.0.1:${port}/slow`, { timeoutMs: 200 }, loopbackAllowed),
    ).rejects.toThrow(/timed out after 200 ms/);
  });
});
