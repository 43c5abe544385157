import { describe, expect, it } from 'vitest';
import { EngineInputError } from '../../errors.js';
import { Table } from '../../table.js';
import { stratifiedHoldoutSplit } from '../../validation/holdout.js';
import { featureSources } from '../feature-sources.js';
import { splitForEvaluation } from '../split-for-evaluation.js';

const labels = Array.from({ length: 100 }, (_, i) => (i % 10 < 2 ? 'rare' : 'common'));
const table = Table.fromColumns({
  x: Float64Array.from({ length: 100 }, (_, i) => i),
  y: labels.map((l, i) => (i === 5 ? null : l)),
});

function subjectOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error instanceof EngineInputError ? error.subject : error;
  }
  return null;
}

describe('splitForEvaluation', () => {
  it('stratifies a class target and leaves out rows without a target', () => {
    const split = splitForEvaluation(table, 'y', { testFraction: 0.2, seed: 7 });
    expect(split.stratified).toBe(true);
    expect(split.trainRows.length + split.testRows.length).toBe(99);
    expect([...split.trainRows, ...split.testRows]).not.toContain(5);
    expect(split.test.numRows).toBe(20);
    const rare = (t: Table) => {
      const y = t.column('y');
      return y.kind === 'categorical'
        ? y.codes.filter((c) => y.categories[c] === 'rare').length
        : 0;
    };
    // 20 rare rows of 99 (row 5, unlabelled, was common): 4 held out, 16 kept for training.
    expect(rare(split.test)).toBe(4);
    expect(rare(split.train)).toBe(16);
  });

  it('is the validation module’s stratified holdout on the labelled rows, mapped back', () => {
    const split = splitForEvaluation(table, 'y', { testFraction: 0.2, seed: 7 });
    const labelled = [...Array(100).keys()].filter((i) => i !== 5);
    const codes = labelled.map((i) => (labels[i] === 'common' ? 0 : 1));
    const expected = stratifiedHoldoutSplit(codes, { testSize: 0.2, seed: 7 });
    expect([...split.testRows]).toEqual([...expected.test].map((i) => labelled[i]));
  });

  it('gives the same rows for the same seed and other rows for another seed', () => {
    const a = splitForEvaluation(table, 'x', { seed: 1 });
    expect(a.stratified).toBe(false);
    expect(splitForEvaluation(table, 'x', { seed: 1 }).testRows).toEqual(a.testRows);
    expect(splitForEvaluation(table, 'x', { seed: 2 }).testRows).not.toEqual(a.testRows);
  });

  it('falls back to a plain split when a class has one row, unless stratify is asked for', () => {
    const lonely = Table.fromColumns({ y: ['a', 'a', 'a', 'b', 'b', 'c'] });
    expect(splitForEvaluation(lonely, 'y', { testFraction: 0.5 }).stratified).toBe(false);
    expect(subjectOf(() => splitForEvaluation(lonely, 'y', { stratify: true }))).toBe('labels');
  });

  it('names the bad option', () => {
    expect(subjectOf(() => splitForEvaluation(table, 'y', { testFraction: 1 }))).toBe(
      'testFraction',
    );
    expect(subjectOf(() => splitForEvaluation(table, 'nope'))).toBe('target');
    expect(subjectOf(() => splitForEvaluation(table, 'x', { stratify: true }))).toBe('stratify');
  });
});

describe('featureSources', () => {
  const inputs = ['a', 'a_b', 'colour', 'review', 'when'];

  it('traces derived pipeline columns back to their input column', () => {
    const sources = featureSources(
      ['a', 'a_b_missing', 'a_missing', 'colour=red', 'review:good', 'review#3', 'when_year'],
      inputs,
    );
    expect(sources.map((s) => s.map((x) => x.column))).toEqual([
      ['a'],
      ['a_b'],
      ['a'],
      ['colour'],
      ['review'],
      ['review'],
      ['when'],
    ]);
  });

  it('shares a polynomial product equally among its factors', () => {
    expect(featureSources(['a a_b^2', 'a^2'], inputs)).toEqual([
      [
        { column: 'a', share: 0.5 },
        { column: 'a_b', share: 0.5 },
      ],
      [{ column: 'a', share: 1 }],
    ]);
  });
});
