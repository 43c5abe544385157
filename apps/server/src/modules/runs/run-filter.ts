/**
 * The run search grammar, MLflow's: conditions joined by AND (no OR, no parentheses), each
 * `<kind>.<key> <op> <value>`. Kinds: metrics (numbers), params (numbers or strings), tags
 * (strings) and attributes (a fixed set). Keys with spaces or dots go in backticks or double
 * quotes: metrics.`f1 macro` > 0.5. Strings go in single quotes (or double quotes after an op).
 */

export type FilterKind = 'metrics' | 'params' | 'tags' | 'attributes';
export type NumberOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type StringOp = '=' | '!=' | 'LIKE' | 'ILIKE';

export type FilterCondition =
  | { kind: FilterKind; key: string; op: NumberOp; value: number }
  | { kind: FilterKind; key: string; op: StringOp; value: string }
  | { kind: FilterKind; key: string; op: 'IN' | 'NOT IN'; value: string[] };

/** Attributes a filter may name, with the type their values compare as. */
export const FILTER_ATTRIBUTES = {
  run_id: 'string',
  run_name: 'string',
  status: 'string',
  algorithm: 'string',
  task: 'string',
  target: 'string',
  dataset_id: 'string',
  dataset_version_id: 'string',
  experiment_id: 'string',
  /** `run` (one training), `trial` (a sweep's training) or `sweep`. */
  kind: 'string',
  /** `studio` (trained by a job) or `playground` (imported from the browser). */
  source: 'string',
  parent_run_id: 'string',
  start_time: 'number',
  end_time: 'number',
  created: 'number',
  duration_ms: 'number',
} as const satisfies Record<string, 'string' | 'number'>;
export type FilterAttribute = keyof typeof FILTER_ATTRIBUTES;

/** Attributes with a closed set of values: any other value is a typo, refused with the choices. */
const ATTRIBUTE_VALUES: Partial<Record<FilterAttribute, readonly string[]>> = {
  kind: ['run', 'trial', 'sweep'],
  source: ['studio', 'playground'],
  status: ['queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled'],
};

const KIND_ALIASES: Record<string, FilterKind> = {
  metric: 'metrics',
  metrics: 'metrics',
  param: 'params',
  params: 'params',
  parameter: 'params',
  parameters: 'params',
  tag: 'tags',
  tags: 'tags',
  attribute: 'attributes',
  attributes: 'attributes',
  attr: 'attributes',
  run: 'attributes',
};

/** A filter that does not parse; `message` says where and what was expected. */
export class FilterSyntaxError extends Error {
  override readonly name = 'FilterSyntaxError';
}

type Token =
  | { type: 'word'; text: string; at: number }
  | { type: 'quoted'; text: string; quote: string; at: number }
  | { type: 'number'; value: number; at: number }
  | { type: 'op'; text: string; at: number }
  | { type: 'punct'; text: '.' | '(' | ')' | ','; at: number };

const MAX_CONDITIONS = 30;

export function parseRunFilter(input: string): FilterCondition[] {
  const tokens = tokenize(input);
  if (tokens.length === 0) return [];
  const conditions: FilterCondition[] = [];
  let i = 0;
  const peek = () => tokens[i];
  const next = (what: string): Token => {
    const token = tokens[i++];
    if (!token) throw new FilterSyntaxError(`expected ${what} at the end of the filter`);
    return token;
  };
  for (;;) {
    conditions.push(parseCondition());
    if (conditions.length > MAX_CONDITIONS) {
      throw new FilterSyntaxError(`at most ${MAX_CONDITIONS} conditions`);
    }
    const token = peek();
    if (!token) return conditions;
    if (token.type === 'word' && token.text.toUpperCase() === 'AND') {
      i++;
      continue;
    }
    throw new FilterSyntaxError(
      `expected AND at character ${token.at + 1}` +
        (token.type === 'word' && token.text.toUpperCase() === 'OR'
          ? ' (OR is not supported: run two searches)'
          : ''),
    );
  }

  function parseCondition(): FilterCondition {
    const kindToken = next('metrics., params., tags. or attributes.');
    const kind = kindToken.type === 'word' ? KIND_ALIASES[kindToken.text.toLowerCase()] : undefined;
    if (!kind) {
      throw new FilterSyntaxError(
        `expected metrics., params., tags. or attributes. at character ${kindToken.at + 1}`,
      );
    }
    const dot = next('"."');
    if (dot.type !== 'punct' || dot.text !== '.') {
      throw new FilterSyntaxError(`expected "." after ${kind} at character ${dot.at + 1}`);
    }
    const keyToken = next('a key');
    const key =
      keyToken.type === 'word' || (keyToken.type === 'quoted' && keyToken.quote !== "'")
        ? keyToken.text
        : null;
    if (key === null || key === '') {
      throw new FilterSyntaxError(`expected a key after ${kind}. at character ${keyToken.at + 1}`);
    }
    const op = parseOperator();
    const value = parseValue(op);
    return checkCondition(kind, key, op, value, keyToken.at);
  }

  function parseOperator(): string {
    const token = next('an operator');
    if (token.type === 'op') return token.text;
    if (token.type === 'word') {
      const word = token.text.toUpperCase();
      if (word === 'LIKE' || word === 'ILIKE' || word === 'IN') return word;
      if (word === 'NOT') {
        const inToken = next('IN');
        if (inToken.type === 'word' && inToken.text.toUpperCase() === 'IN') return 'NOT IN';
      }
    }
    throw new FilterSyntaxError(
      `expected an operator (= != < <= > >= LIKE ILIKE IN NOT IN) at character ${token.at + 1}`,
    );
  }

  function parseValue(op: string): number | string | string[] {
    if (op === 'IN' || op === 'NOT IN') {
      const open = next('(');
      if (open.type !== 'punct' || open.text !== '(') {
        throw new FilterSyntaxError(`expected ( after ${op} at character ${open.at + 1}`);
      }
      const values: string[] = [];
      for (;;) {
        const item = next('a quoted string');
        if (item.type !== 'quoted') {
          throw new FilterSyntaxError(`expected a quoted string at character ${item.at + 1}`);
        }
        values.push(item.text);
        const sep = next(', or )');
        if (sep.type === 'punct' && sep.text === ')') return values;
        if (sep.type !== 'punct' || sep.text !== ',') {
          throw new FilterSyntaxError(`expected , or ) at character ${sep.at + 1}`);
        }
      }
    }
    const token = next('a value');
    if (token.type === 'number') return token.value;
    if (token.type === 'quoted') return token.text;
    throw new FilterSyntaxError(
      `expected a number or a quoted string at character ${token.at + 1}`,
    );
  }
}

function checkCondition(
  kind: FilterKind,
  key: string,
  op: string,
  value: number | string | string[],
  at: number,
): FilterCondition {
  const where = `${kind}.${key}`;
  let valueType: 'string' | 'number' | 'list' =
    typeof value === 'number' ? 'number' : typeof value === 'string' ? 'string' : 'list';
  if (kind === 'attributes') {
    const type = FILTER_ATTRIBUTES[key as FilterAttribute] as 'string' | 'number' | undefined;
    if (!type) {
      throw new FilterSyntaxError(
        `unknown attribute "${key}" at character ${at + 1}; one of ${Object.keys(FILTER_ATTRIBUTES).join(', ')}`,
      );
    }
    if (type === 'number' && valueType !== 'number') {
      throw new FilterSyntaxError(`${where} compares with a number`);
    }
    if (type === 'string' && valueType === 'number') {
      throw new FilterSyntaxError(`${where} compares with a quoted string`);
    }
    const allowed = ATTRIBUTE_VALUES[key as FilterAttribute];
    const exact = op === '=' || op === '!=' || op === 'IN' || op === 'NOT IN';
    const unknown =
      allowed && exact ? [value].flat().find((v) => !allowed.includes(String(v))) : undefined;
    if (unknown !== undefined) {
      throw new FilterSyntaxError(`${where} is one of ${allowed!.join(', ')}; not "${unknown}"`);
    }
  }
  if (kind === 'metrics' && valueType !== 'number') {
    throw new FilterSyntaxError(`${where}: metrics compare with numbers`);
  }
  if (kind === 'tags' && valueType === 'number') {
    // Tags are strings; a bare number means its text (tags.epoch = 3 ≡ '3').
    value = String(value);
    valueType = 'string';
  }
  if (valueType === 'number' && !['=', '!=', '<', '<=', '>', '>='].includes(op)) {
    throw new FilterSyntaxError(`${where}: ${op} needs a quoted string`);
  }
  if (valueType === 'string' && !['=', '!=', 'LIKE', 'ILIKE'].includes(op)) {
    throw new FilterSyntaxError(`${where}: ${op} compares numbers; use = != LIKE or ILIKE`);
  }
  return { kind, key, op, value } as FilterCondition;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"' || c === '`') {
      const start = i++;
      let text = '';
      for (;;) {
        if (i >= input.length) {
          throw new FilterSyntaxError(`unterminated ${c} quote from character ${start + 1}`);
        }
        if (input[i] === c) {
          // A doubled quote inside the same quotes stands for one ('it''s').
          if (input[i + 1] === c) {
            text += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += input[i++];
      }
      tokens.push({ type: 'quoted', text, quote: c, at: start });
    } else if (/[-+\d]/.test(c) && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.test(input.slice(i))) {
      const match = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(input.slice(i))![0];
      tokens.push({ type: 'number', value: Number(match), at: i });
      i += match.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][\w-]*/.exec(input.slice(i))![0];
      tokens.push({ type: 'word', text: match, at: i });
      i += match.length;
    } else if (c === '.' || c === '(' || c === ')' || c === ',') {
      tokens.push({ type: 'punct', text: c, at: i++ });
    } else {
      const match = /^(<=|>=|!=|<>|==|=|<|>)/.exec(input.slice(i));
      if (!match) throw new FilterSyntaxError(`unexpected "${c}" at character ${i + 1}`);
      const text = match[0] === '<>' ? '!=' : match[0] === '==' ? '=' : match[0];
      tokens.push({ type: 'op', text, at: i });
      i += match[0].length;
    }
  }
  return tokens;
}
