import type { VersionValidation } from '@aistudio/contracts';
import type { ValidationRuleRow } from './datasets.repository.js';
import {
  evaluateValidationRules,
  type DuckDBSession,
  type RuleResult,
  type ValidationRule,
} from './ingest/index.js';

/** The rules as the ingest library takes them, in the order of their rows. */
export function rulesOf(rows: ValidationRuleRow[]): ValidationRule[] {
  return rows.map((row) => row.rule as ValidationRule);
}

/** The stored report of one evaluation: each result keyed by the rule it came from. */
export function validationReport(
  rows: ValidationRuleRow[],
  results: RuleResult[],
  trigger: VersionValidation['trigger'],
): VersionValidation {
  const passed = results.filter((result) => result.success).length;
  return {
    evaluatedAt: new Date().toISOString(),
    trigger,
    passed,
    failed: results.length - passed,
    results: results.map((result, i) => ({ ruleId: rows[i]!.id, ...result })),
  };
}

/** Evaluates a dataset's rules on one version's canonical Parquet. */
export async function validateParquet(
  session: DuckDBSession,
  parquetPath: string,
  rows: ValidationRuleRow[],
  trigger: VersionValidation['trigger'],
): Promise<{ report: VersionValidation; results: RuleResult[] }> {
  const results = await evaluateValidationRules(session, parquetPath, rulesOf(rows));
  return { report: validationReport(rows, results, trigger), results };
}
