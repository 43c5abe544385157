// Run by the crash test in a child process: starts one write whose source never ends, so the
// parent can SIGKILL the process midway. argv[2] is a JSON spec of the storage to open.
import { LocalBlobStorage } from '../../local-blob-storage.js';
import { S3BlobStorage, type S3Settings } from '../../s3-blob-storage.js';

type Spec =
  | { kind: 'local'; root: string; key: string }
  | { kind: 's3'; settings: S3Settings; scratchDir: string; key: string };

const spec = JSON.parse(process.argv[2]!) as Spec;
const storage =
  spec.kind === 'local'
    ? await LocalBlobStorage.open(spec.root)
    : await S3BlobStorage.open(spec.settings, {
        scratchDir: spec.scratchDir,
        partSizeBytes: 5 * 1024 * 1024,
        queueSize: 1,
      });

async function* endless(): AsyncGenerator<Uint8Array> {
  const chunk = new Uint8Array(256 * 1024).fill(7);
  for (;;) {
    yield chunk;
    // Yield to the event loop so uploads make progress between chunks.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

await storage.write(spec.key, endless());
