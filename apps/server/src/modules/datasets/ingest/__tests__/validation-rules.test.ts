import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateValidationRules, ValidationRuleSchema } from '../validation-rules.js';
import { workspace, writeParquet } from './ingest-test-support.js';

const TABLE = `SELECT * FROM (VALUES
  (1, 'a@x.org', 'red', 10.0, '12'),
  (2, 'b@x.org', 'blue', 55.5, '7'),
  (3, NULL, 'red', -3.0, 'x9'),
  (3, 'not-an-email', 'mauve', 20.0, NULL),
  (5, 'c@x.org', NULL, 99.0, '4')
) t(id, email, color, score, code)`;

async function evaluate(rules: unknown[]) {
  const { dir, session } = await workspace();
  const file = path.join(dir, 'v.parquet');
  await writeParquet(session, file, TABLE);
  return evaluateValidationRules(
    session,
    file,
    rules.map((rule) => ValidationRuleSchema.parse(rule)),
  );
}

describe('evaluateValidationRules', () => {
  it('reports observed shares, mostly-tolerant success and failing rows', async () => {
    const results = await evaluate([
      { kind: 'not_null', column: 'email', mostly: 0.8 },
      { kind: 'unique', column: 'id' },
      { kind: 'in_set', column: 'color', values: ['red', 'blue'], mostly: 0.7 },
      { kind: 'between', column: 'score', min: 0, max: 60 },
      { kind: 'matches_regex', column: 'email', pattern: '^[^@]+@[^@]+$' },
      { kind: 'type', column: 'code', type: 'integer' },
      { kind: 'in_set', column: 'id', values: [1, 2, 3] },
    ]);
    expect(
      results.map(({ rule, success, evaluated, failed, observedShare, failingExamples }) => [
        rule.kind,
        success,
        evaluated,
        failed,
        observedShare,
        failingExamples,
      ]),
    ).toEqual([
      ['not_null', true, 5, 1, 0.8, [{ row: 3, value: null }]],
      [
        'unique',
        false,
        5,
        2,
        0.6,
        [
          { row: 3, value: '3' },
          { row: 4, value: '3' },
        ],
      ],
      ['in_set', true, 4, 1, 0.75, [{ row: 4, value: 'mauve' }]],
      [
        'between',
        false,
        5,
        2,
        0.6,
        [
          { row: 3, value: '-3.0' },
          { row: 5, value: '99.0' },
        ],
      ],
      ['matches_regex', false, 4, 1, 0.75, [{ row: 4, value: 'not-an-email' }]],
      ['type', false, 4, 1, 0.75, [{ row: 3, value: 'x9' }]],
      ['in_set', false, 5, 1, 0.8, [{ row: 5, value: '5' }]],
    ]);
  });

  it('passes a rule on a column with no values', async () => {
    const { dir, session } = await workspace();
    const file = path.join(dir, 'empty.parquet');
    await writeParquet(session, file, 'SELECT CAST(NULL AS INTEGER) AS n');
    const [onEmpty] = await evaluateValidationRules(session, file, [
      ValidationRuleSchema.parse({ kind: 'between', column: 'n', min: 0 }),
    ]);
    expect(onEmpty).toMatchObject({ success: true, evaluated: 0, failed: 0, observedShare: 1 });
  });

  it('fails a rule whose column is gone or whose pattern does not compile, with the reason', async () => {
    const results = await evaluate([
      { kind: 'not_null', column: 'nope' },
      { kind: 'matches_regex', column: 'email', pattern: '([a-z' },
      { kind: 'not_null', column: 'id' },
    ]);
    expect(results.map(({ success, error }) => [success, error])).toEqual([
      [false, 'no column named "nope" in this version'],
      [false, expect.stringMatching(/^not a valid RE2 regular expression/)],
      [true, null],
    ]);
  });

  it('rejects a between rule with neither bound, or with min above max', () => {
    expect(ValidationRuleSchema.safeParse({ kind: 'between', column: 'score' }).success).toBe(
      false,
    );
    expect(
      ValidationRuleSchema.safeParse({ kind: 'between', column: 'score', min: 2, max: 1 }).success,
    ).toBe(false);
  });
});
