import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createS3Client, type S3Settings } from '../../s3-blob-storage.js';

/** A real S3-compatible server process on loopback, with one empty bucket. */
export interface RunningS3Server {
  settings: S3Settings;
  stop(): Promise<void>;
}

const BUCKET = 'aistudio-test';

async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port from the probe server');
  return address.port;
}

/** Spawns the server, waits until it answers HTTP, creates the bucket. */
async function startServerProcess(
  name: string,
  command: string,
  args: (port: number) => string[],
  accessKey: string,
): Promise<RunningS3Server> {
  const port = await freeLoopbackPort();
  const child = spawn(command, args(port), { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const settings: S3Settings = {
    bucket: BUCKET,
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: accessKey,
    secretAccessKey: accessKey,
    forcePathStyle: true,
  };
  for (let attempt = 0; ; attempt += 1) {
    try {
      await fetch(`${settings.endpoint}/`);
      break;
    } catch (error) {
      if (attempt >= 150 || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`${name} did not answer on port ${port}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const client = createS3Client(settings);
  try {
    await client.send(new CreateBucketCommand({ Bucket: settings.bucket }));
  } finally {
    client.destroy();
  }
  return {
    settings,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * s3rver (the dev dependency) in a child Node process: it signs list continuation tokens with DES,
 * which Node 20's OpenSSL 3 refuses unless the legacy provider is loaded, so in-process it answers
 * 500 to every truncated listing.
 */
export async function startS3rver(): Promise<RunningS3Server> {
  const directory = await mkdtemp(path.join(tmpdir(), 's3rver-'));
  const bin = createRequire(import.meta.url).resolve('s3rver/bin/s3rver.js');
  const server = await startServerProcess(
    's3rver',
    process.execPath,
    (port) => [
      '--openssl-legacy-provider',
      bin,
      '-d',
      directory,
      '-a',
      '127.0.0.1',
      '-p',
      String(port),
      '-s',
    ],
    'S3RVER',
  );
  return {
    settings: server.settings,
    async stop() {
      await server.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export const motoServerPath = ((): string | null => {
  const found = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
})();

/** moto's S3 server (Python, shipped with this machine image): implements multipart listing and abort. */
export function startMotoServer(): Promise<RunningS3Server> {
  if (!motoServerPath) throw new Error('moto_server is not on PATH');
  return startServerProcess(
    'moto_server',
    motoServerPath,
    (port) => ['-H', '127.0.0.1', '-p', String(port)],
    'moto',
  );
}
