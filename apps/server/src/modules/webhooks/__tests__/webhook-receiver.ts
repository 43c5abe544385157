import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature, type SignatureVerdict } from '../webhook-signature.js';

export interface ReceivedDelivery {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; projectId: string; data: Record<string, unknown> };
  /** The signature checked against the secret registered for the path when it arrived. */
  verdict: SignatureVerdict | null;
}

/**
 * A real HTTP receiver on loopback: each path answers the statuses it is scripted with (the last
 * one repeating) and checks every signature against the secret registered for that path.
 */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  readonly #scripts = new Map<string, number[]>();
  readonly #secrets = new Map<string, string>();
  #server: Server | null = null;
  #port = 0;

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        const body = Buffer.concat(chunks).toString('utf8');
        const secret = this.#secrets.get(path);
        this.received.push({
          path,
          headers: req.headers,
          body,
          json: JSON.parse(body) as ReceivedDelivery['json'],
          verdict: secret
            ? verifyWebhookSignature(secret, body, req.headers['x-aistudio-signature'] as string)
            : null,
        });
        const script = this.#scripts.get(path) ?? [200];
        const status = script.length > 1 ? script.shift()! : script[0]!;
        res
          .writeHead(status, { 'content-type': 'text/plain' })
          .end(`answered ${status} `.repeat(200));
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.#port}${path}`;
  }

  script(path: string, statuses: number[]): void {
    this.#scripts.set(path, [...statuses]);
  }

  secret(path: string, secret: string): void {
    this.#secrets.set(path, secret);
  }

  at(path: string): ReceivedDelivery[] {
    return this.received.filter((delivery) => delivery.path === path);
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve));
  }
}
