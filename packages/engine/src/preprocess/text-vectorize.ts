import { EngineInputError } from '../errors.js';
import {
  numericColumn,
  type CategoricalColumn,
  type Column,
  type Table,
  type TextColumn,
} from '../table.js';
import {
  compareCodePoints,
  ofKind,
  replaceColumns,
  selectColumns,
  stringsOf,
  type ColumnSelector,
} from './columns.js';
import type { FitContext, StepFit } from './step.js';
import { countTokens, murmurHash3, SparseRow, tokenize } from './tokens.js';
import {
  booleanParam,
  checkKeys,
  choiceParam,
  integerParam,
  ngramParam,
  numberParam,
} from './validate.js';
import { log } from '../math.js';

/**
 * TF-IDF of the words of a text column, with scikit-learn TfidfVectorizer's rules: tokens of
 * `(?u)\b\w\w+\b`, idf = ln((1 + n) / (1 + df)) + 1 (smooth), rows scaled to unit L2 norm.
 * Outputs are dense columns `<name>:<term>`, in sorted term order. A missing text is an empty one.
 */
export interface TfidfStep {
  readonly type: 'tfidf';
  /** Keep only the most frequent terms (total count over the corpus); default 1000. */
  readonly maxFeatures?: number;
  /** Fewest documents a term must be in: a count (integer >= 1, default 1) or a share in (0, 1). */
  readonly minDf?: number;
  /** Most documents a term may be in: a share in (0, 1] (default 1) or a count (integer >= 2). */
  readonly maxDf?: number;
  /** Use 1 + ln(tf) instead of the raw count (default false). */
  readonly sublinearTf?: boolean;
  /** Row normalisation, default 'l2'. */
  readonly norm?: 'l2' | 'l1' | null;
  /** Weight by idf (default true); smoothing adds one document holding every term (default true). */
  readonly useIdf?: boolean;
  readonly smoothIdf?: boolean;
  /** Word n-grams, default [1, 1]. */
  readonly ngramRange?: readonly [number, number];
  /** Lowercase before tokenising (default true). */
  readonly lowercase?: boolean;
  /** Default: every text column. Categorical columns are read as their category strings. */
  readonly columns?: ColumnSelector;
}

/**
 * Signed hashing of the words of a text column into `numFeatures` columns `<name>#<i>`, as
 * scikit-learn's HashingVectorizer: MurmurHash3 of the UTF-8 token, index |h| mod n, sign of h.
 */
export interface HashingStep {
  readonly type: 'hashing';
  /** Output columns per input, default 256 (these are dense columns). */
  readonly numFeatures?: number;
  /** Multiply by the hash's sign so collisions tend to cancel (default true). */
  readonly alternateSign?: boolean;
  /** Row normalisation, default 'l2'. */
  readonly norm?: 'l2' | 'l1' | null;
  readonly ngramRange?: readonly [number, number];
  readonly lowercase?: boolean;
  /** Default: every text column. */
  readonly columns?: ColumnSelector;
}

/** Options that shape the tokens, shared by both text steps. */
interface TokenOptions {
  readonly ngramRange: readonly [number, number];
  readonly lowercase: boolean;
  readonly norm: 'l2' | 'l1' | null;
}

/** A fitted `tfidf` step: vocabulary and idf weight per column. */
export interface FittedTfidf extends TokenOptions {
  readonly type: 'tfidf';
  readonly sublinearTf: boolean;
  readonly columns: readonly {
    readonly name: string;
    readonly vocabulary: readonly string[];
    /** idf per vocabulary term; all 1 when `useIdf` is false. */
    readonly idf: readonly number[];
  }[];
}

/** A fitted `hashing` step (nothing is learned). */
export interface FittedHashing extends TokenOptions {
  readonly type: 'hashing';
  readonly columns: readonly string[];
  readonly numFeatures: number;
  readonly alternateSign: boolean;
}

/** Most output columns a text step may make per input column. */
export const MAX_TEXT_FEATURES = 65_536;

function tokenOptions(spec: TfidfStep | HashingStep, where: string): TokenOptions {
  return {
    ngramRange: ngramParam(`${where}.ngramRange`, spec.ngramRange),
    lowercase: booleanParam(`${where}.lowercase`, spec.lowercase, true),
    norm:
      spec.norm === null
        ? null
        : choiceParam<'l2' | 'l1'>(`${where}.norm`, spec.norm, 'l2', ['l2', 'l1']),
  };
}

function documentsOf(table: Table, name: string): (string | null)[] {
  const column = table.column(name);
  if (column.kind === 'numeric') ofKind(table, name, 'text');
  return stringsOf(column as TextColumn | CategoricalColumn);
}

/** Learns the vocabulary and idf weights from the training documents. */
export function fitTfidf(spec: TfidfStep, table: Table, ctx: FitContext): StepFit<FittedTfidf> {
  const w = ctx.where;
  checkKeys(w, spec, [
    'maxFeatures',
    'minDf',
    'maxDf',
    'sublinearTf',
    'norm',
    'useIdf',
    'smoothIdf',
    'ngramRange',
    'lowercase',
  ]);
  const options = tokenOptions(spec, w);
  const maxFeatures = integerParam(
    `${w}.maxFeatures`,
    spec.maxFeatures,
    1000,
    1,
    MAX_TEXT_FEATURES,
  );
  const minDf = dfLimit(`${w}.minDf`, spec.minDf, 1);
  const maxDf = dfLimit(`${w}.maxDf`, spec.maxDf, 1);
  const sublinearTf = booleanParam(`${w}.sublinearTf`, spec.sublinearTf, false);
  const useIdf = booleanParam(`${w}.useIdf`, spec.useIdf, true);
  const smoothIdf = booleanParam(`${w}.smoothIdf`, spec.smoothIdf, true);
  const names = selectColumns(table, spec.columns, ['text', 'categorical'], ['text']);
  const n = table.numRows;
  const columns = names.map((name) => {
    const df = new Map<string, number>();
    const total = new Map<string, number>();
    for (const doc of documentsOf(table, name)) {
      for (const [term, count] of countTokens(
        tokenize(doc ?? '', options.lowercase, options.ngramRange),
      )) {
        df.set(term, (df.get(term) ?? 0) + 1);
        total.set(term, (total.get(term) ?? 0) + count);
      }
    }
    const low = minDf < 1 ? minDf * n : minDf;
    const high = maxDf <= 1 ? maxDf * n : maxDf;
    let vocabulary = [...df.keys()].filter((t) => df.get(t)! >= low && df.get(t)! <= high);
    vocabulary.sort(compareCodePoints);
    if (vocabulary.length > maxFeatures) {
      // Most frequent terms first; equal counts keep sorted order, then back to sorted order.
      const kept = new Set(
        [...vocabulary.keys()]
          .sort((a, b) => total.get(vocabulary[b]!)! - total.get(vocabulary[a]!)!)
          .slice(0, maxFeatures),
      );
      vocabulary = vocabulary.filter((_, i) => kept.has(i));
    }
    if (vocabulary.length === 0) {
      throw new EngineInputError(name, 'has no terms left after minDf / maxDf; loosen them');
    }
    const idf = vocabulary.map((t) => {
      if (!useIdf) return 1;
      const d = df.get(t)!;
      return smoothIdf ? log((1 + n) / (1 + d)) + 1 : log(n / d) + 1;
    });
    return { name, vocabulary, idf };
  });
  const fitted: FittedTfidf = { type: 'tfidf', ...options, sublinearTf, columns };
  return { fitted, train: applyTfidf(fitted, table) };
}

function dfLimit(name: string, value: number | undefined, fallback: number): number {
  const v = numberParam(name, value, fallback, 0, Number.MAX_SAFE_INTEGER);
  if (v <= 0 || (v > 1 && !Number.isInteger(v))) {
    throw new EngineInputError(name, 'must be a share in (0, 1] or an integer document count');
  }
  return v;
}

/** TF-IDF of each document over the fitted vocabulary; unknown words are ignored. */
export function applyTfidf(fitted: FittedTfidf, table: Table): Table {
  const replacements = new Map<string, Column[]>();
  for (const spec of fitted.columns) {
    const index = new Map(spec.vocabulary.map((t, i) => [t, i]));
    const docs = documentsOf(table, spec.name);
    const outputs = spec.vocabulary.map(() => new Float64Array(docs.length));
    const row = new SparseRow();
    docs.forEach((doc, i) => {
      row.clear();
      const tokens = tokenize(doc ?? '', fitted.lowercase, fitted.ngramRange);
      for (const [term, count] of countTokens(tokens)) {
        const j = index.get(term);
        if (j === undefined) continue;
        const tf = fitted.sublinearTf ? 1 + log(count) : count;
        row.add(j, tf * spec.idf[j]!);
      }
      row.writeNormalized(outputs, i, fitted.norm);
    });
    replacements.set(
      spec.name,
      outputs.map((values, j) => numericColumn(`${spec.name}:${spec.vocabulary[j]}`, values)),
    );
  }
  return replaceColumns(table, replacements);
}

/** Fixes the columns and options of a `hashing` step. */
export function fitHashing(
  spec: HashingStep,
  table: Table,
  ctx: FitContext,
): StepFit<FittedHashing> {
  const w = ctx.where;
  checkKeys(w, spec, ['numFeatures', 'alternateSign', 'norm', 'ngramRange', 'lowercase']);
  const fitted: FittedHashing = {
    type: 'hashing',
    ...tokenOptions(spec, w),
    numFeatures: integerParam(`${w}.numFeatures`, spec.numFeatures, 256, 1, MAX_TEXT_FEATURES),
    alternateSign: booleanParam(`${w}.alternateSign`, spec.alternateSign, true),
    columns: selectColumns(table, spec.columns, ['text', 'categorical'], ['text']),
  };
  return { fitted, train: applyHashing(fitted, table) };
}

/** Hashes each document's tokens into the output columns. */
export function applyHashing(fitted: FittedHashing, table: Table): Table {
  const width = fitted.numFeatures;
  const replacements = new Map<string, Column[]>();
  for (const name of fitted.columns) {
    const docs = documentsOf(table, name);
    const outputs = Array.from({ length: width }, () => new Float64Array(docs.length));
    const row = new SparseRow();
    docs.forEach((doc, i) => {
      row.clear();
      for (const token of tokenize(doc ?? '', fitted.lowercase, fitted.ngramRange)) {
        const h = murmurHash3(token);
        // |−2^31| does not fit an int32; scikit-learn defines its index as 2^31 mod n.
        const j = h === -2147483648 ? 2147483648 % width : Math.abs(h) % width;
        row.add(j, fitted.alternateSign && h < 0 ? -1 : 1);
      }
      row.writeNormalized(outputs, i, fitted.norm);
    });
    replacements.set(
      name,
      outputs.map((values, j) => numericColumn(`${name}#${j}`, values)),
    );
  }
  return replaceColumns(table, replacements);
}
