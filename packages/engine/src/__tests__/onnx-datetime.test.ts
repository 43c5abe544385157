import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { applyDatetime, type DatetimePart } from '../preprocess/datetime.js';
import { datetimePartsGraph } from '../onnx/export-datetime.js';
import { encodeModel, TensorType } from '../onnx/graph.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { createRandom } from '../random.js';
import { Table } from '../table.js';

const PARTS: DatetimePart[] = [
  'year',
  'month',
  'day',
  'weekday',
  'hour',
  'minute',
  'second',
  'dayOfYear',
  'quarter',
];
const DAY = 86_400_000;
const MAX = 8.64e15;

/** A graph from float64 epoch ms `t` to one float64 output per calendar part. */
function partsModel(): Uint8Array {
  const b = new GraphBuilder(['t']);
  const parts = datetimePartsGraph(b, 't', PARTS, 't');
  for (const part of PARTS) b.opNamed('Identity', [parts.get(part)!], part);
  return encodeModel({
    graphName: 'dates',
    producerVersion: 'test',
    docString: '',
    opsets: { '': 15 },
    nodes: b.nodes,
    inputs: [{ name: 't', type: TensorType.DOUBLE, shape: [null, 1] }],
    outputs: PARTS.map((name) => ({ name, type: TensorType.DOUBLE, shape: [null, 1] })),
    initializers: b.initializers,
    metadata: {},
  });
}

describe('datetime parts in ONNX (civil calendar from epoch ms)', () => {
  it('equals the engine (Date getUTC*) bit for bit, edge cases and the whole Date range', async () => {
    const random = createRandom(9);
    const times = [
      0,
      -0,
      1,
      -1,
      1.5,
      -1.5,
      0.999,
      -0.999,
      DAY - 1,
      DAY,
      -DAY,
      -DAY - 1,
      -DAY + 1,
      Date.UTC(2000, 1, 29, 23, 59, 59, 999),
      Date.UTC(2000, 2, 1),
      Date.UTC(1900, 1, 28, 12),
      Date.UTC(1900, 2, 1),
      Date.UTC(2100, 2, 1),
      Date.UTC(1969, 11, 31, 23, 59, 59),
      Date.UTC(2024, 11, 31, 23, 59, 59, 999),
      Date.UTC(2025, 0, 1),
      Date.UTC(1600, 0, 1),
      Date.UTC(-1, 11, 31),
      Date.UTC(0, 0, 1) - 1,
      MAX,
      -MAX,
      MAX - 1,
      -MAX + 1,
      MAX + 1,
      -MAX - 1,
      NaN,
      Infinity,
      -Infinity,
      // Near the range's end the float64 quotient t / DAY can round up to the next day.
      ...Array.from({ length: 20 }, (_, k) => (1e8 - k) * DAY - 1),
      ...Array.from({ length: 20 }, (_, k) => -(1e8 - k) * DAY + 1),
      ...Array.from({ length: 400 }, () => Math.round((random() * 2 - 1) * MAX)),
      ...Array.from({ length: 400 }, () => (random() * 2 - 1) * 4e12),
    ];
    const session = await ort.InferenceSession.create(partsModel());
    const feeds = { t: new ort.Tensor('float64', Float64Array.from(times), [times.length, 1]) };
    const result = await session.run(feeds);
    const engine = applyDatetime(
      { type: 'datetime', columns: ['t'], parts: PARTS },
      Table.fromColumns({ t: Float64Array.from(times) }),
    );
    let compared = 0;
    for (const part of PARTS) {
      const ours = (engine.column(`t_${part}`) as { values: Float64Array }).values;
      const onnx = result[part]!.data as Float64Array;
      for (let i = 0; i < times.length; i++) {
        // Object.is: NaN equals NaN, and a wrong sign of zero would show.
        if (!Object.is(onnx[i]! + 0, ours[i]! + 0)) {
          throw new Error(`${part} of ${times[i]}: onnx ${onnx[i]}, engine ${ours[i]}`);
        }
        compared++;
      }
    }
    expect(compared).toBe(PARTS.length * times.length);
    // The missing and out-of-range rows are NaN in every part.
    expect(
      Number.isNaN((result.year!.data as Float64Array)[times.findIndex((t) => Number.isNaN(t))]!),
    ).toBe(true);
  });
});
