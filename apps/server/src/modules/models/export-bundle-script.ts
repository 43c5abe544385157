/**
 * predict.js of the browser bundle: plain ES module JavaScript, shipped as is. Inputs follow the
 * ONNX file's conventions: one [N, 1] tensor per input, NaN / "" for missing values.
 */
export const PREDICT_JS = `// Runs the exported model in the browser with onnxruntime-web (WebAssembly), offline.
import * as ort from './ort/ort.wasm.min.mjs';

const here = new URL('.', import.meta.url);
ort.env.wasm.wasmPaths = new URL('ort/', here).href;
// Threads need cross-origin isolation, which a plain static server does not give.
ort.env.wasm.numThreads = 1;

let loaded;

/** Loads schema.json and model.onnx once. */
export function loadModel() {
  loaded ??= (async () => {
    const schema = await (await fetch(new URL('schema.json', here))).json();
    const session = await ort.InferenceSession.create(new URL('model.onnx', here).href, {
      executionProviders: ['wasm'],
    });
    return { schema, session };
  })();
  return loaded;
}

function tensorOf(input, records) {
  const shape = [records.length, 1];
  const values = records.map((record) => record[input.name]);
  if (input.type === 'string' || (!input.type && input.kind !== 'numeric')) {
    return new ort.Tensor('string', values.map((v) => (v === null || v === undefined ? '' : String(v))), shape);
  }
  const numbers = values.map((v) => (v === null || v === undefined || v === '' ? NaN : Number(v)));
  if (input.type === 'double') return new ort.Tensor('float64', Float64Array.from(numbers), shape);
  if (input.type === 'int64') return new ort.Tensor('int64', BigInt64Array.from(numbers, (n) => BigInt(Math.trunc(n || 0))), shape);
  return new ort.Tensor('float32', Float32Array.from(numbers), shape);
}

/**
 * Predictions for records (objects of input values): { label, probabilities } for classifiers,
 * { value } for regressors.
 */
export async function predict(records) {
  const { schema, session } = await loadModel();
  const feeds = {};
  for (const input of schema.inputs) feeds[input.name] = tensorOf(input, records);
  const results = await session.run(feeds);
  if (schema.classes && results.probabilities) {
    const p = results.probabilities.data;
    const k = schema.classes.length;
    return records.map((_, i) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (p[i * k + c] > p[i * k + best]) best = c;
      const probabilities = Object.fromEntries(schema.classes.map((c, j) => [c, p[i * k + j]]));
      return { label: schema.classes[best], probabilities };
    });
  }
  const output = results.prediction ?? results[session.outputNames[0]];
  return records.map((_, i) => ({ value: Number(output.data[i]) }));
}
`;
