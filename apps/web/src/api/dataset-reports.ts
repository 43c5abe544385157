/**
 * Shapes of the JSON reports a dataset version carries (schema, profile, governance). The
 * contracts type them as open records because the ingest and governance libraries own them; these
 * mirror apps/server/src/modules/datasets/ingest/profile.ts and governance/pii-*.ts.
 */

export type ColumnType =
  'integer' | 'float' | 'boolean' | 'date' | 'datetime' | 'categorical' | 'text' | 'identifier';

export type ColumnRole = 'feature' | 'target' | 'identifier' | 'time' | 'ignore';

export interface SchemaColumn {
  name: string;
  storageType: string;
  type: ColumnType;
  role: ColumnRole;
  reason: string;
}

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  role: ColumnRole;
  count: number;
  missing: number;
  missingShare: number;
  distinct: number;
  distinctExact: boolean;
  numeric?: {
    min: number;
    max: number;
    mean: number;
    std: number | null;
    skewness: number | null;
    zeros: number;
    /** ±Infinity and NaN, left out of every other statistic. */
    nonFinite?: number;
    quantiles: { p05: number; p25: number; p50: number; p75: number; p95: number };
    histogram: HistogramBin[];
  };
  temporal?: { min: string; max: string };
  textLength?: { min: number; max: number; mean: number };
  topValues?: { value: string; count: number }[];
  balance?: number | null;
}

export interface CorrelationMatrix {
  columns: string[];
  values: (number | null)[][];
}

export interface Correlations {
  pearson: CorrelationMatrix;
  spearman: CorrelationMatrix;
  cramersV: CorrelationMatrix;
  sampledRows: number;
}

export interface ProfileAlert {
  kind: string;
  columns: string[];
  message: string;
}

export interface QualityComponent {
  name: string;
  weight: number;
  score: number | null;
  detail: string;
}

export interface DatasetProfile {
  rows: number;
  columns: ColumnProfile[];
  duplicateRows: number;
  correlations: Correlations;
  alerts: ProfileAlert[];
  quality: { score: number; components: QualityComponent[] };
}

export interface PiiKindCount {
  rows: number;
  matches: number;
  share: number;
  examples: string[];
}

export interface ColumnPiiReport {
  column: string;
  rowsScanned: number;
  emptyValues: number;
  kinds: Partial<Record<string, PiiKindCount>>;
  copyright: { rows: number; share: number; examples: string[] } | null;
}

export interface GovernanceReport {
  license?: { licenseId: string; name: string; tier: string; reason: string };
  pii?: { columns: ColumnPiiReport[] };
  piiDecision?: { outcome: 'allow' | 'mask' | 'review' | 'block'; reasons: string[] };
}
