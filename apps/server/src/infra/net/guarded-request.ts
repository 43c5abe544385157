import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  bareHostname,
  parseOutboundUrl,
  resolveOutboundTarget,
  type OutboundPolicy,
  type ResolvedAddress,
} from './ssrf-guard.js';

export interface GuardedRequest {
  readonly method?: 'POST' | 'PUT' | 'GET';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Whole attempt, connect to last byte read. */
  readonly timeoutMs: number;
  /** How much of the response body to keep (the rest is discarded unread). */
  readonly maxResponseBytes?: number;
  readonly signal?: AbortSignal;
}

export interface GuardedResponse {
  readonly status: number;
  /** The start of the response body as text, at most maxResponseBytes. */
  readonly bodyExcerpt: string;
  /** Set when the target answered with a redirect, which is never followed. */
  readonly location: string | null;
}

// Hands the socket the address the guard checked, so a second DNS answer cannot rebind it.
function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return ((
    _hostname: string,
    options: { all?: boolean },
    callback: (...args: unknown[]) => void,
  ) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as LookupFunction;
}

/**
 * Sends one request to a user-given URL through the SSRF guard: http(s) only, no credentials,
 * every resolved address public (loopback only when the policy allows), connected to the checked
 * address, redirects not followed. Throws OutboundTargetError when refused, Error on network failure.
 */
export async function sendGuardedRequest(
  rawUrl: string,
  request: GuardedRequest,
  policy: OutboundPolicy,
): Promise<GuardedResponse> {
  const url = parseOutboundUrl(rawUrl);
  const target = await resolveOutboundTarget(url, policy);
  const maxBytes = request.maxResponseBytes ?? 1024;
  const client = url.protocol === 'https:' ? https : http;
  const signal = request.signal
    ? AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)])
    : AbortSignal.timeout(request.timeoutMs);
  return new Promise<GuardedResponse>((resolve, reject) => {
    const outgoing = client.request(
      {
        protocol: url.protocol,
        hostname: bareHostname(url),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: request.method ?? 'POST',
        headers: {
          ...request.headers,
          ...(request.body !== undefined
            ? { 'content-length': String(Buffer.byteLength(request.body)) }
            : {}),
        },
        lookup: pinnedLookup(target),
        agent: false,
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const finish = () => {
          response.destroy();
          resolve({
            status: response.statusCode ?? 0,
            bodyExcerpt: Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'),
            location: response.headers.location ?? null,
          });
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          kept += chunk.length;
          if (kept >= maxBytes) finish();
        });
        response.on('end', finish);
        response.on('error', (error) => (kept >= maxBytes ? undefined : reject(error)));
      },
    );
    outgoing.on('error', (error) => {
      reject(
        signal.aborted &&
          signal.reason instanceof DOMException &&
          signal.reason.name === 'TimeoutError'
          ? new Error(`timed out after ${request.timeoutMs} ms`)
          : error,
      );
    });
    outgoing.end(request.body);
  });
}
