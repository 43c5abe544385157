import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainTrees } from '../explain/explain-trees.js';
import type { ShapTree } from '../explain/shap-tree.js';

interface XgbTree {
  feature: number[];
  left: number[];
  right: number[];
  threshold: number[];
  defaultLeft: boolean[];
  value: number[];
  cover: number[];
}

interface ShapGolden {
  command: string;
  versions: Record<string, string>;
  cases: {
    name: string;
    numOutputs: number;
    baseScore: number;
    trees: XgbTree[];
    treeOutput: number[];
    rows: (number | null)[][];
    contribs: number[][][];
    margins: number[][];
  }[];
}

const golden = JSON.parse(
  readFileSync(new URL('./fixtures/shap-xgboost.json', import.meta.url), 'utf8'),
) as ShapGolden;

// XGBoost's split rule: left when float32(x) < threshold; missing follows defaultLeft.
function xgbTree(t: XgbTree): ShapTree {
  return {
    ...t,
    goesLeft: (node, x) => (x !== x ? t.defaultLeft[node]! : Math.fround(x) < t.threshold[node]!),
  };
}

describe('TreeSHAP against XGBoost 1.7.4 pred_contribs (fixtures/shap-xgboost.json)', () => {
  it('records the command and versions that produced it', () => {
    expect(golden.command).toContain('make-shap-golden.py');
    expect(golden.versions.xgboost).toBe('1.7.4');
  });

  for (const c of golden.cases) {
    it(`gives XGBoost's SHAP values and bias for ${c.name}`, () => {
      const numFeatures = c.rows[0]!.length;
      const inputs = Array.from({ length: numFeatures }, (_, f) =>
        Float64Array.from(c.rows, (row) => row[f] ?? NaN),
      );
      const shap = explainTrees(
        {
          trees: c.trees.map((t, i) => ({ tree: xgbTree(t), firstOutput: c.treeOutput[i]! })),
          numFeatures,
          numOutputs: c.numOutputs,
          baseline: new Array<number>(c.numOutputs).fill(c.baseScore),
        },
        inputs,
      );
      let largest = 0;
      c.rows.forEach((_, r) => {
        for (let k = 0; k < c.numOutputs; k++) {
          const expected = c.contribs[r]![k]!;
          // XGBoost sums in float32: allow a few float32 ulps of the row's magnitude.
          const tolerance = 2e-6 * (1 + Math.abs(c.margins[r]![k]!));
          for (let f = 0; f < numFeatures; f++) {
            const ours = shap.values[(r * c.numOutputs + k) * numFeatures + f]!;
            expect(Math.abs(ours - expected[f]!)).toBeLessThanOrEqual(tolerance);
            largest = Math.max(largest, Math.abs(ours));
          }
          expect(Math.abs(shap.expectedValue[k]! - expected[numFeatures]!)).toBeLessThanOrEqual(
            tolerance,
          );
        }
      });
      expect(largest).toBeGreaterThan(0.1);
    });
  }
});
