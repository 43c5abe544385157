import type { Alert } from './alerts.js';
import type { ColumnProfile } from './column-profile.js';
import type { RuleResult } from './validation-rules.js';

export interface QualityComponent {
  name: 'completeness' | 'uniqueness' | 'informativeness' | 'validity';
  weight: number;
  /** 0..1, or null when it cannot be measured (no validation rules): its weight then drops out. */
  score: number | null;
  detail: string;
}

export interface QualityScore {
  /** 0..100: the weighted mean of the measurable components, rounded. */
  score: number;
  components: QualityComponent[];
}

/**
 * Completeness (40): share of non-missing cells. Uniqueness (20): share of rows that are not
 * duplicates. Informativeness (20): share of columns that are not constant or empty.
 * Validity (20): mean observed pass share of the validation rules, when there are any.
 */
export function scoreQuality(
  rows: number,
  duplicateRows: number,
  columns: ColumnProfile[],
  alerts: Alert[],
  rules: RuleResult[] = [],
): QualityScore {
  const cells = rows * columns.length;
  const missingCells = columns.reduce((sum, column) => sum + column.missing, 0);
  const uninformative = columns.filter(
    (column) =>
      (rows > 0 && column.count === 0) ||
      alerts.some((alert) => alert.kind === 'constant' && alert.columns[0] === column.name),
  ).length;
  const components: QualityComponent[] = [
    {
      name: 'completeness',
      weight: 40,
      score: cells === 0 ? 1 : 1 - missingCells / cells,
      detail: `${missingCells} of ${cells} cells missing`,
    },
    {
      name: 'uniqueness',
      weight: 20,
      score: rows === 0 ? 1 : 1 - duplicateRows / rows,
      detail: `${duplicateRows} of ${rows} rows duplicate an earlier row`,
    },
    {
      name: 'informativeness',
      weight: 20,
      score: columns.length === 0 ? 1 : 1 - uninformative / columns.length,
      detail: `${uninformative} of ${columns.length} columns constant or empty`,
    },
    {
      name: 'validity',
      weight: 20,
      score:
        rules.length === 0
          ? null
          : rules.reduce((sum, rule) => sum + rule.observedShare, 0) / rules.length,
      detail:
        rules.length === 0
          ? 'no validation rules'
          : `${rules.filter((rule) => rule.success).length} of ${rules.length} rules pass`,
    },
  ];
  const measured = components.filter((component) => component.score !== null);
  const weight = measured.reduce((sum, component) => sum + component.weight, 0);
  const score =
    measured.reduce((sum, component) => sum + component.weight * component.score!, 0) / weight;
  return { score: Math.round(score * 100), components };
}
