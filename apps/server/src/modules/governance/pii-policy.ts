import { ValidationError } from '../../http/errors.js';
import { PII_KINDS, type PiiKind } from './pii-detectors.js';
import { maskPiiInText, maskWholeValue, type MaskingMethod } from './pii-masking.js';
import type { PiiScanReport } from './pii-scan.js';

/** What an organization does when a kind of personal data is found. */
export type PiiAction = 'block' | 'review' | 'mask';

export type PiiRule =
  { action: 'block' } | { action: 'review' } | { action: 'mask'; method: MaskingMethod };

export interface PiiPolicy {
  kinds: Record<PiiKind, PiiRule>;
  /** Copyright notices in text are always reported; `review` also holds the version for a human. */
  copyright: 'flag' | 'review';
}

/**
 * Defaults: card numbers and SSNs are refused (no training need outweighs the breach risk);
 * IBANs go to a human; contact data and addresses are hashed, so a column still joins and counts.
 */
export const DEFAULT_PII_POLICY: Readonly<PiiPolicy> = {
  kinds: {
    email: { action: 'mask', method: 'hash' },
    phone: { action: 'mask', method: 'hash' },
    payment_card: { action: 'block' },
    iban: { action: 'review' },
    us_ssn: { action: 'block' },
    ipv4: { action: 'mask', method: 'hash' },
    ipv6: { action: 'mask', method: 'hash' },
  },
  copyright: 'flag',
};

/** An org's stored overrides merged over the defaults; unknown kinds or actions are refused. */
export function resolvePiiPolicy(overrides: {
  kinds?: Partial<Record<string, PiiRule>>;
  copyright?: 'flag' | 'review';
}): PiiPolicy {
  const kinds = { ...DEFAULT_PII_POLICY.kinds };
  for (const [kind, rule] of Object.entries(overrides.kinds ?? {})) {
    if (!(PII_KINDS as readonly string[]).includes(kind)) {
      throw ValidationError.field(
        'kinds',
        `unknown kind "${kind}"; known: ${PII_KINDS.join(', ')}`,
      );
    }
    if (!rule || !['block', 'review', 'mask'].includes(rule.action)) {
      throw ValidationError.field(`kinds.${kind}.action`, 'one of block, review, mask');
    }
    if (rule.action === 'mask' && !['redact', 'partial', 'hash'].includes(rule.method)) {
      throw ValidationError.field(`kinds.${kind}.method`, 'one of redact, partial, hash');
    }
    kinds[kind as PiiKind] = rule;
  }
  return { kinds, copyright: overrides.copyright ?? DEFAULT_PII_POLICY.copyright };
}

/**
 * How one column is rewritten into the masked version. `value`: the column is that kind of data
 * (most values are one), so each cell is rewritten whole; `spans`: free text, so only the
 * personal data inside it is.
 */
export type ColumnMasking =
  | { column: string; scope: 'value'; kind: PiiKind; method: MaskingMethod }
  | { column: string; scope: 'spans'; methods: Partial<Record<PiiKind, MaskingMethod>> }
  // A user's request: every cell rewritten, whatever it holds.
  | { column: string; scope: 'column'; method: Exclude<MaskingMethod, 'partial'> };

export type PiiOutcome = 'allow' | 'mask' | 'review' | 'block';

export interface PiiDecision {
  outcome: PiiOutcome;
  /** One line per finding that shaped the outcome, naming the column, the count and the rule. */
  reasons: string[];
  /** Columns to rewrite, applied once the version may proceed (now, or after review). */
  masking: ColumnMasking[];
}

/** A column whose values are this much one kind is an identifier column: mask whole cells. */
export const WHOLE_VALUE_SHARE = 0.8;

const OUTCOME_RANK: Record<PiiOutcome, number> = { allow: 0, mask: 1, review: 2, block: 3 };
const KIND_LABEL: Record<PiiKind, string> = {
  email: 'e-mail addresses',
  phone: 'phone numbers',
  payment_card: 'payment card numbers',
  iban: 'IBANs',
  us_ssn: 'US social security numbers',
  ipv4: 'IPv4 addresses',
  ipv6: 'IPv6 addresses',
};
// When kinds share a column rewritten whole, the most destructive method wins.
const METHOD_STRENGTH: Record<MaskingMethod, number> = { partial: 0, hash: 1, redact: 2 };

const percent = (share: number) => `${(share * 100).toFixed(share < 0.001 ? 3 : 1)}%`;

/** Applies an organization's policy to a scan: the strictest finding decides the outcome. */
export function decidePii(report: PiiScanReport, policy: PiiPolicy): PiiDecision {
  let outcome: PiiOutcome = 'allow';
  const reasons: string[] = [];
  const masking: ColumnMasking[] = [];
  const raise = (to: PiiOutcome) => {
    if (OUTCOME_RANK[to] > OUTCOME_RANK[outcome]) outcome = to;
  };
  for (const column of report.columns) {
    const methods: Partial<Record<PiiKind, MaskingMethod>> = {};
    for (const kind of PII_KINDS) {
      const count = column.kinds[kind];
      if (!count) continue;
      const rule = policy.kinds[kind];
      const action = rule.action === 'mask' ? `mask (${rule.method})` : rule.action;
      reasons.push(
        `column "${column.column}": ${KIND_LABEL[kind]} in ${count.rows} of ` +
          `${column.rowsScanned - column.emptyValues} values (${percent(count.share)}): ${action}`,
      );
      raise(rule.action);
      if (rule.action === 'mask') methods[kind] = rule.method;
    }
    if (column.copyright) {
      reasons.push(
        `column "${column.column}": copyright notices in ${column.copyright.rows} values: ` +
          (policy.copyright === 'review' ? 'review' : 'flagged'),
      );
      if (policy.copyright === 'review') raise('review');
    }
    const planned = planColumnMasking(column.column, column.kinds, methods);
    if (planned) masking.push(planned);
  }
  return { outcome, reasons, masking };
}

function planColumnMasking(
  column: string,
  counts: PiiScanReport['columns'][number]['kinds'],
  methods: Partial<Record<PiiKind, MaskingMethod>>,
): ColumnMasking | null {
  const kinds = Object.keys(methods) as PiiKind[];
  if (kinds.length === 0) return null;
  const dominant = kinds.find((k) => (counts[k]?.share ?? 0) >= WHOLE_VALUE_SHARE);
  if (!dominant) return { column, scope: 'spans', methods };
  const method = kinds
    .map((k) => methods[k]!)
    .reduce((a, b) => (METHOD_STRENGTH[b] > METHOD_STRENGTH[a] ? b : a));
  return { column, scope: 'value', kind: dominant, method };
}

/**
 * The masked form of one cell under a column's plan. Whole-cell partial masking stars out the
 * detected value; a cell where nothing is detected keeps its text under `partial` only.
 */
export function applyColumnMasking(
  value: string | null,
  plan: ColumnMasking,
  key?: Uint8Array,
): string | null {
  if (plan.scope === 'spans') return maskPiiInText(value, plan.methods, key);
  if (plan.scope === 'column') return maskWholeValue(value, plan.method, key);
  if (plan.method === 'partial') return maskPiiInText(value, { [plan.kind]: 'partial' }, key);
  return maskWholeValue(value, plan.method, key);
}
