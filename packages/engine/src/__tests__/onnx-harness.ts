import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import type { TrainedModel } from '../model.js';
import type { Table } from '../table.js';

/** Numeric inputs a `datetime` step reads: the exported graph takes them as float64. */
function doubleInputs(model: TrainedModel): Set<string> {
  const steps = model.pipeline?.steps ?? [];
  return new Set(steps.flatMap((s) => (s.type === 'datetime' ? s.columns : [])));
}

/** Runs an exported model in ONNX Runtime on the raw columns of `data`; returns its output. */
export async function runOnnx(
  bytes: Uint8Array,
  model: TrainedModel,
  data: Table,
): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  const doubles = doubleInputs(model);
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of model.inputs) {
    const column = data.column(input.name);
    const shape = [data.numRows, 1];
    if (column.kind === 'numeric') {
      feeds[input.name] = doubles.has(input.name)
        ? new ort.Tensor('float64', Float64Array.from(column.values), shape)
        : new ort.Tensor('float32', Float32Array.from(column.values), shape);
    } else if (column.kind === 'categorical') {
      const strings = Array.from(column.codes, (c) => (c < 0 ? '' : column.categories[c]!));
      feeds[input.name] = new ort.Tensor('string', strings, shape);
    } else {
      feeds[input.name] = new ort.Tensor(
        'string',
        column.values.map((v) => v ?? ''),
        shape,
      );
    }
  }
  const output = model.task === 'regression' ? 'prediction' : 'probabilities';
  const result = await session.run(feeds, [output]);
  return result[output]!.data as Float32Array;
}

/** The largest |onnx − ours| / max(1, |ours|): float32 outputs carry ~6e-8 of relative rounding. */
export function worstError(onnx: Float32Array, ours: Float64Array): number {
  expect(onnx.length).toBe(ours.length);
  let worst = 0;
  for (let i = 0; i < ours.length; i++) {
    const error = Math.abs(onnx[i]! - ours[i]!) / Math.max(1, Math.abs(ours[i]!));
    // NaN on either side only matches NaN on the other.
    worst = Math.max(
      worst,
      Number.isNaN(error) ? (isNaN(onnx[i]!) && isNaN(ours[i]!) ? 0 : 1) : error,
    );
  }
  return worst;
}

const PYTHON = '/usr/bin/python3';

/** Whether python3-onnx is installed, for onnx.checker. */
export const hasPythonOnnx =
  existsSync(PYTHON) &&
  (() => {
    try {
      execFileSync(PYTHON, ['-c', 'import onnx'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

/** Runs onnx.checker.check_model(full_check=True) with shape inference; returns its last line. */
export function checkWithOnnx(bytes: Uint8Array): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'onnx-')), 'model.onnx');
  writeFileSync(file, bytes);
  return execFileSync(PYTHON, [
    '-c',
    'import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print("ok")',
    file,
  ])
    .toString()
    .trim();
}
