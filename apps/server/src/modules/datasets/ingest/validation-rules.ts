import { z } from 'zod';
import { ValidationError } from '../../../http/errors.js';
import { castsToTypeSql, COLUMN_TYPES } from './column-types.js';
import { quoteIdentifier, quoteLiteral, type DuckDBSession } from './duckdb-session.js';

const ruleBase = {
  column: z.string().min(1),
  /** Share of evaluated values that must pass, as Great Expectations' `mostly`. */
  mostly: z.number().min(0).max(1).default(1),
};

export const ValidationRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('not_null'), ...ruleBase }),
  z.object({ kind: z.literal('unique'), ...ruleBase }),
  z.object({
    kind: z.literal('in_set'),
    ...ruleBase,
    values: z
      .array(z.union([z.string(), z.number()]))
      .min(1)
      .max(1000),
  }),
  z
    .object({
      kind: z.literal('between'),
      ...ruleBase,
      min: z.number().optional(),
      max: z.number().optional(),
    })
    .refine((rule) => rule.min !== undefined || rule.max !== undefined, 'give min, max or both'),
  z.object({ kind: z.literal('matches_regex'), ...ruleBase, pattern: z.string().min(1).max(1000) }),
  z.object({ kind: z.literal('type'), ...ruleBase, type: z.enum(COLUMN_TYPES) }),
]);
export type ValidationRule = z.output<typeof ValidationRuleSchema>;

export interface RuleResult {
  rule: ValidationRule;
  success: boolean;
  /** Values the rule looked at: every row for not_null, the non-missing values otherwise. */
  evaluated: number;
  failed: number;
  /** Share of evaluated values that pass; 1 when nothing was evaluated. */
  observedShare: number;
  /** Up to EXAMPLES failing values with their 1-based row. */
  failingExamples: { row: number; value: string | null }[];
}

export const EXAMPLES = 5;

/**
 * Evaluates each rule with DuckDB on the canonical Parquet; regex is RE2 and matches anywhere in
 * the value (use ^…$ to anchor), as Great Expectations' match_regex does.
 */
export async function evaluateValidationRules(
  session: DuckDBSession,
  parquetPath: string,
  rules: ValidationRule[],
): Promise<RuleResult[]> {
  const file = `read_parquet(${quoteLiteral(parquetPath)}, file_row_number = true)`;
  const names = new Set(
    (
      await session.rows<{ column_name: string }>(
        `DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(parquetPath)})`,
      )
    ).map((row) => row.column_name),
  );
  const results: RuleResult[] = [];
  for (const [i, rule] of rules.entries()) {
    if (!names.has(rule.column)) {
      throw ValidationError.field(`rules[${i}].column`, `no column named "${rule.column}"`);
    }
    if (rule.kind === 'matches_regex') await assertValidRegex(session, rule.pattern, i);
    const column = quoteIdentifier(rule.column);
    const source =
      rule.kind === 'unique'
        ? `(SELECT *, count(*) OVER (PARTITION BY ${column}) AS occurrences FROM ${file})`
        : file;
    const domain = rule.kind === 'not_null' ? 'TRUE' : `${column} IS NOT NULL`;
    const fails = failingPredicate(rule, column);
    const [counts] = await session.rows<{ evaluated: number; failed: number }>(
      `SELECT count(*) AS evaluated, count_if(${fails}) AS failed FROM ${source} WHERE ${domain}`,
    );
    const evaluated = Number(counts!.evaluated);
    const failed = Number(counts!.failed);
    const examples = await session.rows<{ row: number; value: string | null }>(
      `SELECT file_row_number + 1 AS row, CAST(${column} AS VARCHAR) AS value FROM ${source}
        WHERE ${domain} AND ${fails} ORDER BY file_row_number LIMIT ${EXAMPLES}`,
    );
    const observedShare = evaluated === 0 ? 1 : (evaluated - failed) / evaluated;
    results.push({
      rule,
      success: observedShare >= rule.mostly,
      evaluated,
      failed,
      observedShare,
      failingExamples: examples.map(({ row, value }) => ({
        row: Number(row),
        value: value === null ? null : value.slice(0, 200),
      })),
    });
  }
  return results;
}

function failingPredicate(rule: ValidationRule, column: string): string {
  switch (rule.kind) {
    case 'not_null':
      return `${column} IS NULL`;
    case 'unique':
      return 'occurrences > 1';
    case 'in_set': {
      const numeric = rule.values.every((value) => typeof value === 'number');
      return numeric
        ? `NOT coalesce(TRY_CAST(${column} AS DOUBLE) IN (${rule.values.join(', ')}), false)`
        : `CAST(${column} AS VARCHAR) NOT IN (${rule.values.map((value) => quoteLiteral(String(value))).join(', ')})`;
    }
    case 'between': {
      const value = `TRY_CAST(${column} AS DOUBLE)`;
      const bounds = [
        rule.min === undefined ? null : `${value} >= ${rule.min}`,
        rule.max === undefined ? null : `${value} <= ${rule.max}`,
      ].filter((bound) => bound !== null);
      return `NOT coalesce(${bounds.join(' AND ')}, false)`;
    }
    case 'matches_regex':
      return `NOT regexp_matches(CAST(${column} AS VARCHAR), ${quoteLiteral(rule.pattern)})`;
    case 'type':
      return `NOT ${castsToTypeSql(column, rule.type)}`;
  }
}

async function assertValidRegex(
  session: DuckDBSession,
  pattern: string,
  index: number,
): Promise<void> {
  try {
    await session.rows(`SELECT regexp_matches('', ${quoteLiteral(pattern)})`);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    throw ValidationError.field(
      `rules[${index}].pattern`,
      `not a valid RE2 regular expression (${reason})`,
    );
  }
}
