import { describe, expect, it } from 'vitest';
import { createRandom } from '../../random.js';
import { Table } from '../../table.js';
import { train } from '../../train.js';
import { evaluateModel } from '../evaluate-model.js';
import { fairnessReport } from '../fairness.js';

// Group A's labels follow x exactly; group B's are flipped for 40% of its rows, so any model is
// right on about 60% of B. Group C is too small to compare.
function biasedTable(seed: number): Table {
  const random = createRandom(seed);
  return Table.fromRecords(
    Array.from({ length: 1210 }, (_, i) => {
      const group = i < 600 ? 'A' : i < 1200 ? 'B' : 'C';
      const x = random() * 2 - 1;
      const clean = x > 0 ? 1 : 0;
      const flipped = group === 'B' && random() < 0.4;
      return { x, group, y: flipped ? 1 - clean : clean };
    }),
  );
}

describe('fairness in evaluateModel', () => {
  it('finds the accuracy gap of a group with noisy labels and marks the tiny group', async () => {
    const model = await train(
      { target: 'y', features: ['x'], params: { nIter: 20, earlyStopping: false } },
      biasedTable(1),
    );
    const report = await evaluateModel(model, biasedTable(2), { groupBy: 'group' });
    const fairness = report.fairness!;
    expect(fairness.column).toBe('group');
    expect(fairness.grouping).toBe('values');
    const byName = new Map(fairness.groups.map((g) => [g.group, g]));
    expect(byName.get('A')!.rows).toBe(600);
    expect(byName.get('A')!.metrics.accuracy).toBeGreaterThan(0.97);
    expect(byName.get('B')!.metrics.accuracy).toBeLessThan(0.7);
    expect(byName.get('C')!.smallSample).toBe(true);
    const accuracyGap = fairness.gaps.find((g) => g.metric === 'accuracy')!;
    expect(accuracyGap.highest.group).toBe('A');
    expect(accuracyGap.lowest.group).toBe('B');
    expect(accuracyGap.gap).toBeGreaterThan(0.25);
    // The small group never decides a gap.
    expect(fairness.gaps.every((g) => g.highest.group !== 'C' && g.lowest.group !== 'C')).toBe(
      true,
    );
    expect(Object.keys(byName.get('A')!.metrics)).toEqual([
      'accuracy',
      'balancedAccuracy',
      'selectionRate',
      'truePositiveRate',
      'falsePositiveRate',
      'rocAuc',
    ]);
  });

  it('cuts a many-valued numeric column into quartiles and compares regression errors', () => {
    const n = 400;
    const age = Float64Array.from({ length: n }, (_, i) => i);
    const truth = Float64Array.from({ length: n }, (_, i) => i % 7);
    // Predictions get worse with age: error 0 in the first quartile, 3 in the last.
    const predicted = truth.map((v, i) => v + Math.floor(i / 100));
    const report = fairnessReport(
      { kind: 'numeric', name: 'age', values: age },
      { task: 'regression', truth, predicted, positiveScore: null, numClasses: 0 },
    );
    expect(report.grouping).toBe('quantile bins');
    expect(report.groups.map((g) => g.group).sort()).toEqual(
      ['< 100', '[100, 200)', '[200, 300)', '>= 300'].sort(),
    );
    const mae = report.gaps.find((g) => g.metric === 'mae')!;
    expect(mae).toEqual({
      metric: 'mae',
      gap: 3,
      highest: { group: '>= 300', value: 3 },
      lowest: { group: '< 100', value: 0 },
    });
  });
});
