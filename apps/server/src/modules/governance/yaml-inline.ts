/** A YAML value as this reader returns it: scalars stay strings (no number or boolean typing). */
export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };
export type YamlMapping = { [key: string]: YamlValue };

/** Reports a problem at the current line; never returns. */
export type Fail = (message: string) => never;

/** A flow collection ("[a, b]", "{k: v}"), possibly nested, read from one joined string. */
export class FlowReader {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly fail: Fail,
  ) {}

  read(): YamlValue {
    const value = this.value();
    this.space();
    const rest = this.text.slice(this.i);
    if (rest !== '' && !rest.startsWith('#')) this.fail(`unexpected "${rest}"`);
    return value;
  }

  private space() {
    while (this.text[this.i] === ' ') this.i++;
  }

  private value(): YamlValue {
    this.space();
    const c = this.text[this.i];
    if (c === '[') return this.collection(']', () => this.value());
    if (c === '{') {
      const out: YamlMapping = {};
      this.collection('}', () => {
        const key = this.scalar(true) ?? '';
        this.space();
        if (this.text[this.i] !== ':') this.fail(`expected ":" after "${key}" in a flow mapping`);
        this.i++;
        out[key] = this.value();
        return null;
      });
      return out;
    }
    return this.scalar(false);
  }

  private collection(close: string, item: () => YamlValue): YamlValue[] {
    const out: YamlValue[] = [];
    this.i++;
    for (;;) {
      this.space();
      if (this.text[this.i] === close) {
        this.i++;
        return out;
      }
      out.push(item());
      this.space();
      if (this.text[this.i] === ',') this.i++;
      else if (this.text[this.i] !== close) this.fail(`expected "," or "${close}"`);
    }
  }

  private scalar(isKey: boolean): string | null {
    this.space();
    const c = this.text[this.i];
    if (c === '"' || c === "'") {
      const { value, end } = readQuoted(this.text, this.i, this.fail);
      this.i = end;
      return value;
    }
    const stop = isKey ? /[,:\]}]/ : /[,\]}]/;
    const start = this.i;
    while (this.i < this.text.length && !stop.test(this.text[this.i]!)) this.i++;
    return resolvePlain(this.text.slice(start, this.i).trim());
  }
}

/** A single- or double-quoted scalar starting at `start`; `end` is the index after its quote. */
export function readQuoted(
  text: string,
  start: number,
  fail: Fail,
): { value: string; end: number } {
  const quote = text[start]!;
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'" && c === "'") {
      if (text[i + 1] !== "'") return { value, end: i + 1 };
      value += "'";
      i++;
    } else if (quote === '"' && c === '\\') {
      const { char, length } = readEscape(text, i, fail);
      value += char;
      i += length - 1;
    } else if (quote === '"' && c === '"') {
      return { value, end: i + 1 };
    } else {
      value += c;
    }
  }
  return fail('quoted value is never closed');
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  '"': '"',
  '\\': '\\',
  '/': '/',
  ' ': ' ',
};
const HEX_ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

function readEscape(text: string, at: number, fail: Fail): { char: string; length: number } {
  const c = text[at + 1] ?? '';
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return { char: simple, length: 2 };
  const hexLength = HEX_ESCAPE_LENGTH[c] ?? 0;
  const hex = text.slice(at + 2, at + 2 + hexLength);
  if (hexLength > 0 && hex.length === hexLength && /^[0-9a-fA-F]+$/.test(hex)) {
    return { char: String.fromCodePoint(parseInt(hex, 16)), length: 2 + hexLength };
  }
  return fail(`unknown escape "\\${c}" in a double-quoted value`);
}

/** Index of the quote closing the quoted scalar that opens `text`, or -1. */
export function findClosingQuote(text: string): number {
  const quote = text[0];
  for (let i = 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/** Whether every bracket and quote opened in a flow collection is closed. */
export function flowBalanced(text: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
  }
  return depth <= 0 && quote === null;
}

/** A comment starts at " #" outside quotes (in plain scalars quotes are literal characters). */
export function stripComment(text: string): string {
  const at = text.search(/(^|\s)#/);
  return (at < 0 ? text : text.slice(0, at)).trim();
}

/** Plain scalars stay strings; the empty value, ~ and null are null. */
export function resolvePlain(text: string): string | null {
  return text === '' || text === '~' || /^(null|Null|NULL)$/.test(text) ? null : text;
}
