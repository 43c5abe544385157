import { describe, expect, it } from 'vitest';
import { splitTrainValidation } from '../gbdt/validation-split.js';
import { stratifiedHoldoutSplit } from '../validation/holdout.js';

// A class of ~10^5+ rows once overflowed the call stack (rows were spread into push's arguments).
const ROWS = 1_000_000;
const labels = Array.from({ length: ROWS }, (_, i) => (i % 5 === 0 ? 1 : 0));

describe('row splits of a million rows', () => {
  it('holds out a stratified test part of a million labels', () => {
    const { train, test } = stratifiedHoldoutSplit(labels, { testSize: 0.2, seed: 0 });
    expect(train.length).toBe(800_000);
    expect(test.length).toBe(200_000);
    expect(test.filter((row) => labels[row] === 1).length).toBe(40_000);
  });

  it('holds out a stratified validation part of a million rows', () => {
    const { train, valid } = splitTrainValidation(Float64Array.from(labels), 0.1, {
      stratify: true,
      seed: 0,
    });
    expect(train.length + valid.length).toBe(ROWS);
    expect(valid.length).toBe(100_000);
  });
});
