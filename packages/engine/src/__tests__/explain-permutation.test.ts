import { describe, expect, it } from 'vitest';
import { EngineInputError } from '../errors.js';
import { permutationImportance } from '../explain/permutation-importance.js';
import { matrix, type Matrix } from '../matrix.js';
import { createRandom } from '../random.js';
import { Table } from '../table.js';

const n = 4000;
const random = createRandom(21);
const x0 = Float64Array.from({ length: n }, () => random() * 2 - 1);
const x1 = Float64Array.from({ length: n }, () => random() * 2 - 1);
const unused = Float64Array.from({ length: n }, () => random());
const colour = Array.from({ length: n }, (_, i) => (x1[i]! > 0 ? 'warm' : 'cold'));
const y = Float64Array.from(x0, (v, i) => 3 * v + x1[i]!);
const table = Table.fromColumns({ x0, x1, unused, colour });

function predictTable(t: Table): Float64Array {
  const a = t.column('x0') as { values: Float64Array };
  const b = t.column('x1') as { values: Float64Array };
  return Float64Array.from(a.values, (v, i) => 3 * v + b.values[i]!);
}

function negativeMse(pred: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (pred[i]! - y[i]!) ** 2;
  return -sum / n;
}

function mse(pred: Float64Array): number {
  return -negativeMse(pred);
}

describe('permutationImportance', () => {
  it('measures the score drop a column causes: 2·Var(contribution) for an additive model', async () => {
    const result = await permutationImportance(table, {
      predict: predictTable,
      score: negativeMse,
      nRepeats: 5,
      seed: 1,
    });
    expect(result.columns).toEqual(['x0', 'x1', 'unused', 'colour']);
    expect(result.baselineScore).toBe(-0);
    // Shuffling x independently of itself doubles its variance: 2 × 9 × 1/3 and 2 × 1/3.
    expect(result.importancesMean[0]).toBeGreaterThan(6 * 0.95);
    expect(result.importancesMean[0]).toBeLessThan(6 * 1.05);
    expect(result.importancesMean[1]).toBeGreaterThan((2 / 3) * 0.95);
    expect(result.importancesMean[1]).toBeLessThan((2 / 3) * 1.05);
    expect(result.importancesMean[2]).toBe(0);
    expect(result.importancesStd[2]).toBe(0);
    expect(result.importancesMean[3]).toBe(0);
    expect(result.importances.length).toBe(20);
    expect(result.importancesStd[0]).toBeGreaterThan(0);
  });

  it('reports the increase of a lower-is-better score as a positive importance', async () => {
    const up = await permutationImportance(table, { predict: predictTable, score: negativeMse });
    const down = await permutationImportance(table, {
      predict: predictTable,
      score: mse,
      greaterIsBetter: false,
    });
    expect(Array.from(down.importancesMean)).toEqual(Array.from(up.importancesMean));
  });

  it('gives the same importances for a matrix as for the table it came from', async () => {
    const m = matrix(
      n,
      3,
      Float64Array.from({ length: 3 * n }, (_, k) => [x0, x1, unused][k % 3]![Math.floor(k / 3)]!),
      ['x0', 'x1', 'unused'],
    );
    const predictMatrix = (d: Matrix): Float64Array =>
      Float64Array.from({ length: n }, (_, i) => 3 * d.data[i * 3]! + d.data[i * 3 + 1]!);
    const fromMatrix = await permutationImportance(m, {
      predict: predictMatrix,
      score: negativeMse,
      seed: 4,
    });
    const fromTable = await permutationImportance(table, {
      predict: predictTable,
      score: negativeMse,
      seed: 4,
      columns: ['x0', 'x1', 'unused'],
    });
    expect(Array.from(fromMatrix.importances)).toEqual(Array.from(fromTable.importances));
  });

  it('shuffles categorical columns too and is deterministic for a seed', async () => {
    const predictByColour = (t: Table): Float64Array => {
      const c = t.column('colour') as { codes: Int32Array; categories: readonly string[] };
      const warm = c.categories.indexOf('warm');
      return Float64Array.from(c.codes, (code) => (code === warm ? 0.5 : -0.5));
    };
    const run = () =>
      permutationImportance(table, {
        predict: predictByColour,
        score: (p: Float64Array) => -mse(Float64Array.from(p, (v, i) => v + 3 * x0[i]!)),
        columns: ['colour'],
        seed: 9,
      });
    const a = await run();
    expect(a.importancesMean[0]).toBeGreaterThan(0.2);
    expect(Array.from((await run()).importances)).toEqual(Array.from(a.importances));
  });

  it('rejects bad options and a non-finite score by name, and stops on abort', async () => {
    const base = { predict: predictTable, score: negativeMse };
    const cases: [object, string][] = [
      [{ nRepeats: 0 }, 'nRepeats'],
      [{ nRepeats: 1e9 }, 'nRepeats'],
      [{ seed: 1.5 }, 'seed'],
      [{ columns: [] }, 'columns'],
      [{ columns: ['nope'] }, 'nope'],
      [{ score: () => NaN }, 'score'],
      [{ score: () => Infinity }, 'score'],
    ];
    for (const [extra, subject] of cases) {
      await expect(permutationImportance(table, { ...base, ...extra })).rejects.toMatchObject({
        name: 'EngineInputError',
        subject,
      });
    }
    await expect(permutationImportance(table.take(Uint32Array.of(0)), base)).rejects.toBeInstanceOf(
      EngineInputError,
    );
    const controller = new AbortController();
    let calls = 0;
    const aborting = permutationImportance(table, {
      ...base,
      predict: (t) => {
        if (++calls === 3) controller.abort();
        return predictTable(t);
      },
      signal: controller.signal,
    });
    await expect(aborting).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toBe(3);
  });
});
