import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (tests inject one that answers what they need). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

/** Where outbound requests on behalf of users may go. */
export interface OutboundPolicy {
  /** Allows 127.0.0.0/8 and ::1 (tests and single-machine setups); everything else private stays refused. */
  readonly allowLoopback: boolean;
  readonly resolveHost?: ResolveHost;
}

/** A target the guard refuses; the message says why in words fit for a problem body. */
export class OutboundTargetError extends Error {
  override readonly name = 'OutboundTargetError';
  constructor(
    message: string,
    /** `unresolvable`: the host has no address now, which may pass; `refused`: it never may. */
    readonly kind: 'refused' | 'unresolvable' = 'refused',
  ) {
    super(message);
  }
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const notPublic = new BlockList();
for (const [network, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16], // link-local, where cloud metadata services answer
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  notPublic.addSubnet(network, bits, 'ipv4');
}
for (const [network, bits] of [
  ['::', 128],
  ['100::', 64],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local, e.g. AWS's fd00:ec2::254 metadata
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  notPublic.addSubnet(network, bits, 'ipv6');
}

/** The IPv4 address an IPv6 one carries (mapped, compatible, NAT64, 6to4), or null. */
export function embeddedIpv4(ipv6: string): string | null {
  const groups = expandIpv6(ipv6);
  if (!groups) return null;
  const fromGroups = (high: number, low: number) =>
    [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  const zeros = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
  if (zeros(0, 5) && (groups[5] === 0xffff || groups[5] === 0) && !(groups[5] === 0 && zeros(6, 8)))
    return fromGroups(groups[6]!, groups[7]!);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6))
    return fromGroups(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return fromGroups(groups[1]!, groups[2]!);
  return null;
}

function expandIpv6(address: string): number[] | null {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = dotted[1]!.split('.').map(Number);
    text =
      text.slice(0, -dotted[1]!.length) +
      `${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const all = [
    ...headGroups,
    ...Array<string>(tail === undefined ? 0 : missing).fill('0'),
    ...tailGroups,
  ];
  const groups = all.map((group) => parseInt(group, 16));
  return groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff)
    ? groups
    : null;
}

/** Why an address may not be called under the policy, or null when it is a public one. */
export function refusedAddressReason(address: string, policy: OutboundPolicy): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  // ::1 would otherwise read as the IPv4-compatible 0.0.0.1.
  if (family === 6 && !loopback.check(address, 'ipv6')) {
    const ipv4 = embeddedIpv4(address);
    if (ipv4) return refusedAddressReason(ipv4, policy);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (loopback.check(address, type)) {
    return policy.allowLoopback ? null : `${address} is a loopback address`;
  }
  if (notPublic.check(address, type)) {
    return `${address} is a private, link-local or reserved address`;
  }
  return null;
}

/** Checks scheme and credentials; returns the parsed URL or throws OutboundTargetError. */
export function parseOutboundUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundTargetError('is not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundTargetError(`must use http or https, not ${url.protocol.slice(0, -1)}`);
  }
  if (url.username || url.password) {
    throw new OutboundTargetError('must not carry credentials; put secrets in headers instead');
  }
  return url;
}

const resolveWithDns: ResolveHost = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/** The URL's host name without IPv6 brackets. */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Resolves the URL's host and returns the one address to connect to; refuses the whole host if any
 * address it resolves to is refused, so a name cannot mix a public and a private answer.
 */
export async function resolveOutboundTarget(
  url: URL,
  policy: OutboundPolicy,
): Promise<ResolvedAddress> {
  const hostname = bareHostname(url);
  const literal = isIP(hostname);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (policy.resolveHost ?? resolveWithDns)(hostname);
    } catch (error) {
      throw new OutboundTargetError(
        `host ${hostname} does not resolve (${(error as Error).message})`,
        'unresolvable',
      );
    }
    if (addresses.length === 0) {
      throw new OutboundTargetError(`host ${hostname} does not resolve`, 'unresolvable');
    }
  }
  for (const { address } of addresses) {
    const reason = refusedAddressReason(address, policy);
    if (reason) throw new OutboundTargetError(`${hostname} resolves to ${reason}`);
  }
  return addresses[0]!;
}

/**
 * Why a URL someone wants us to call later is refused, or null when it may be saved. A host that
 * does not resolve yet is accepted: calls to it fail, are retried and logged.
 */
export async function outboundUrlRefusal(
  raw: string,
  policy: OutboundPolicy,
): Promise<string | null> {
  try {
    await resolveOutboundTarget(parseOutboundUrl(raw), policy);
    return null;
  } catch (error) {
    if (!(error instanceof OutboundTargetError)) throw error;
    return error.kind === 'refused' ? error.message : null;
  }
}
