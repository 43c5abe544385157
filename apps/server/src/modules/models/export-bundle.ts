import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ModelInputField, ModelLicense } from '@aistudio/contracts';
import { strToU8, zip, type Zippable } from 'fflate';
import { browserBundlePage, browserBundleReadme, type BundleFacts } from './export-bundle-page.js';
import { PREDICT_JS } from './export-bundle-script.js';
import { readMetadataProps } from './onnx-inspection.js';

// The WebAssembly build of onnxruntime-web: its ES module, the Emscripten glue it imports and the wasm.
const RUNTIME_FILES = [
  'ort.wasm.min.mjs',
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.wasm',
];

/** The facts of a registered version (its ONNX metadata names the classes). */
export function bundleFacts(
  modelName: string,
  version: {
    number: number;
    task: string | null;
    target: string | null;
    inputSchema: unknown;
    license: unknown;
    licenseOverride: unknown;
  },
  onnx: Uint8Array,
): BundleFacts {
  let classes: string[] | null = null;
  try {
    const parsed: unknown = JSON.parse(readMetadataProps(onnx).classes ?? 'null');
    if (Array.isArray(parsed)) classes = parsed.map(String);
  } catch {
    // A file without class metadata still runs; the page shows its first output.
  }
  return {
    modelName,
    version: version.number,
    task: version.task,
    target: version.target,
    classes,
    inputs: version.inputSchema as ModelInputField[],
    license: version.license as ModelLicense,
    licenseOverride: version.licenseOverride as { reason: string } | null,
  };
}

let runtime: Promise<Zippable> | undefined;

function runtimeFiles(): Promise<Zippable> {
  runtime ??= (async () => {
    const dist = path.dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));
    const files = await Promise.all(RUNTIME_FILES.map((name) => readFile(path.join(dist, name))));
    return Object.fromEntries(RUNTIME_FILES.map((name, i) => [name, new Uint8Array(files[i]!)]));
  })();
  runtime.catch(() => (runtime = undefined));
  return runtime;
}

/**
 * A zip that runs the model in a browser with no server: model.onnx, onnxruntime-web's
 * WebAssembly runtime, predict.js (load + predict records), schema.json, a demo page with a form
 * for the inputs, and a README with the licence and attribution. Serve the folder statically.
 */
export async function buildBrowserBundle(
  onnx: Uint8Array,
  facts: BundleFacts,
): Promise<Uint8Array> {
  const schema = {
    model: facts.modelName,
    version: facts.version,
    task: facts.task,
    target: facts.target,
    classes: facts.classes,
    inputs: facts.inputs.map(({ name, kind, type, categories }) => ({
      name,
      kind,
      type,
      ...(categories ? { categories } : {}),
    })),
  };
  const files: Zippable = {
    'model.onnx': onnx,
    'schema.json': strToU8(JSON.stringify(schema, null, 2)),
    'predict.js': strToU8(PREDICT_JS),
    'index.html': strToU8(browserBundlePage(facts)),
    'README.md': strToU8(browserBundleReadme(facts)),
    ort: await runtimeFiles(),
  };
  return new Promise((resolve, reject) =>
    // Asynchronous: deflating the 14 MB runtime must not hold the event loop.
    zip(files, { level: 6 }, (error, data) => (error ? reject(error) : resolve(data))),
  );
}
