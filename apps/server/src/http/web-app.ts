import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The built SPA (apps/web/dist), the same relative path from src/ and dist/. */
export const defaultWebDir = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/**
 * Serves the web app at `/` when it has been built. Returns the fallback for unknown non-API GETs
 * (client-side routes such as /projects/123), which must get index.html, not a 404.
 */
export async function registerWebApp(app: FastifyInstance, webDir: string) {
  if (!existsSync(path.join(webDir, 'index.html'))) return null;
  await app.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    // One wildcard route, not a route per file found at start, so a rebuilt bundle is served at once.
    wildcard: true,
    index: ['index.html'],
    cacheControl: false, // set below, per file kind
    // Hashed assets never change; index.html must always be revalidated.
    setHeaders: (res, filePath) => {
      res.setHeader(
        'cache-control',
        filePath.includes(`${path.sep}assets${path.sep}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
    },
  });
  return (request: FastifyRequest, reply: FastifyReply): boolean => {
    const isPage =
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      !path.extname(request.url.split('?')[0]!);
    if (!isPage) return false;
    void reply.header('cache-control', 'no-cache').sendFile('index.html');
    return true;
  };
}
