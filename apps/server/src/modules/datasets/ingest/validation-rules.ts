import { ValidationRule } from '@aistudio/contracts';
import { castsToTypeSql } from './column-types.js';
import { quoteIdentifier, quoteLiteral, type DuckDBSession } from './duckdb-session.js';

/** The rule contract (packages/contracts), under the name the ingest library has used. */
export const ValidationRuleSchema = ValidationRule;
export type { ValidationRule };

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
  /** Why the rule could not be evaluated on this file (it then fails); null when it was. */
  error: string | null;
}

export const EXAMPLES = 5;

/**
 * Evaluates each rule with DuckDB on the canonical Parquet; regex is RE2 and matches anywhere in
 * the value (use ^…$ to anchor), as Great Expectations' match_regex does. A rule that cannot run
 * on this file (its column is gone from a later version) fails with `error` instead of throwing:
 * rules outlive the versions they were written for.
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
  for (const rule of rules) {
    const unusable = !names.has(rule.column)
      ? `no column named "${rule.column}" in this version`
      : rule.kind === 'matches_regex'
        ? await regexProblem(session, rule.pattern)
        : null;
    if (unusable) {
      results.push({
        rule,
        success: false,
        evaluated: 0,
        failed: 0,
        observedShare: 0,
        failingExamples: [],
        error: unusable,
      });
      continue;
    }
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
      error: null,
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

/** Why DuckDB (RE2) refuses `pattern`, or null when it compiles. */
export async function regexProblem(
  session: DuckDBSession,
  pattern: string,
): Promise<string | null> {
  try {
    await session.rows(`SELECT regexp_matches('', ${quoteLiteral(pattern)})`);
    return null;
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    return `not a valid RE2 regular expression (${reason})`;
  }
}
