import { UnprocessableError } from '../../http/errors.js';

/** A YAML value as this reader returns it: scalars stay strings (no number or boolean typing). */
export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };
export type YamlMapping = { [key: string]: YamlValue };

/** Front matter this reader cannot parse; the message names the file and line. */
export class FrontMatterError extends UnprocessableError {}

interface Line {
  no: number;
  indent: number;
  text: string;
}

/**
 * Splits a dataset card into its YAML front matter (between `---` lines at the top, as Hugging
 * Face cards have it) and the Markdown body. A card without front matter yields `data: null`.
 */
export function readFrontMatter(
  text: string,
  source = 'README.md',
): { data: YamlMapping | null; body: string } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trimEnd() !== '---') return { data: null, body: text };
  const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (end < 0) {
    throw new FrontMatterError(`${source}: the front matter opened on line 1 is never closed`);
  }
  const data = parseYamlMapping(lines.slice(1, end).join('\n'), source, 2);
  return { data, body: lines.slice(end + 1).join('\n') };
}

/**
 * Parses the YAML subset dataset cards use: block mappings and sequences (also sequences of
 * mappings), plain, single- and double-quoted scalars (multi-line too), literal and folded block
 * scalars, flow sequences and mappings, and comments. Anchors, aliases, tags and multiple
 * documents are refused. `firstLineNo` is the file line of the YAML's first line, for messages.
 */
export function parseYamlMapping(yaml: string, source = 'YAML', firstLineNo = 1): YamlMapping {
  return new YamlReader(yaml, source, firstLineNo).document();
}

class YamlReader {
  private readonly lines: Line[] = [];
  private pos = 0;

  constructor(
    yaml: string,
    private readonly source: string,
    firstLineNo: number,
  ) {
    yaml.split(/\r?\n/).forEach((raw, i) => {
      const no = firstLineNo + i;
      const indent = raw.length - raw.trimStart().length;
      if (/^ *\t/.test(raw) && raw.trim() !== '')
        this.fail(no, 'tabs are not allowed in indentation');
      this.lines.push({ no, indent, text: raw.trim() });
    });
  }

  document(): YamlMapping {
    this.skipBlank();
    const line = this.lines[this.pos];
    if (!line) return {};
    if (isSequenceItem(line.text)) this.fail(line.no, 'expected a mapping of keys, found a list');
    const value = this.mapping(line.indent);
    this.skipBlank();
    const rest = this.lines[this.pos];
    if (rest) this.fail(rest.no, `unexpected indentation or content: "${rest.text}"`);
    return value;
  }

  private fail(no: number, message: string): never {
    throw new FrontMatterError(`${this.source} line ${no}: ${message}`);
  }

  private skipBlank() {
    while (this.pos < this.lines.length) {
      const text = this.lines[this.pos]!.text;
      if (text !== '' && !text.startsWith('#')) return;
      this.pos++;
    }
  }

  private peek(): Line | undefined {
    this.skipBlank();
    return this.lines[this.pos];
  }

  private node(indent: number): YamlValue {
    const line = this.peek()!;
    return isSequenceItem(line.text) ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): YamlMapping {
    const out: YamlMapping = {};
    for (let line = this.peek(); line && line.indent === indent; line = this.peek()) {
      if (isSequenceItem(line.text)) break;
      const { key, rest } = this.splitKey(line);
      if (Object.hasOwn(out, key)) this.fail(line.no, `duplicate key "${key}"`);
      this.pos++;
      out[key] =
        rest === '' ? this.nestedValue(indent, true) : this.inlineValue(rest, line, indent);
    }
    return out;
  }

  private sequence(indent: number): YamlValue[] {
    const out: YamlValue[] = [];
    for (let line = this.peek(); line && line.indent === indent; line = this.peek()) {
      if (!isSequenceItem(line.text)) break;
      const rest = line.text.slice(1).trimStart();
      if (rest === '' || rest.startsWith('#')) {
        this.pos++;
        out.push(this.nestedValue(indent, false));
      } else if (isSequenceItem(rest) || startsMappingEntry(rest)) {
        // "- key: v" opens a mapping (or "- - x" a list) whose column is where "key" starts.
        line.indent += line.text.length - rest.length;
        line.text = rest;
        out.push(this.node(line.indent));
      } else {
        this.pos++;
        out.push(this.inlineValue(rest, line, indent));
      }
    }
    return out;
  }

  /** The value of "key:" or "-" with nothing after it: a deeper block, a compact list, or null. */
  private nestedValue(indent: number, allowCompactList: boolean): YamlValue {
    const next = this.peek();
    if (next && next.indent > indent) return this.node(next.indent);
    if (next && allowCompactList && next.indent === indent && isSequenceItem(next.text)) {
      return this.sequence(indent);
    }
    return null;
  }

  private splitKey(line: Line): { key: string; rest: string } {
    const text = line.text;
    if (text.startsWith('"') || text.startsWith("'")) {
      const { value, end } = readQuoted(text, 0, (m) => this.fail(line.no, m));
      const after = text.slice(end).trimStart();
      if (!after.startsWith(':')) this.fail(line.no, 'expected ":" after the quoted key');
      return { key: value, rest: after.slice(1).trim() };
    }
    const colon = text.search(/:(\s|$)/);
    if (colon <= 0) this.fail(line.no, `expected "key: value", found "${text}"`);
    return { key: text.slice(0, colon).trim(), rest: text.slice(colon + 1).trim() };
  }

  private inlineValue(rest: string, line: Line, indent: number): YamlValue {
    const first = rest[0]!;
    if (first === '&' || first === '*' || first === '!') {
      this.fail(line.no, 'anchors, aliases and tags are not supported');
    }
    if (first === '|' || first === '>') return this.blockScalar(rest, line, indent);
    if (first === '[' || first === '{') return this.flow(rest, line, indent);
    if (first === '"' || first === "'") return this.multiLineQuoted(rest, line, indent);
    return this.plainScalar(rest, indent);
  }

  private plainScalar(first: string, indent: number): string | null {
    const parts = [stripComment(first)];
    // A plain scalar continues on more-indented lines, folded with spaces.
    for (let next = this.lines[this.pos]; next && next.text !== '' && next.indent > indent;) {
      if (next.text.startsWith('#')) break;
      if (startsMappingEntry(next.text)) {
        this.fail(next.no, `unexpected indentation or content: "${next.text}"`);
      }
      parts.push(stripComment(next.text));
      next = this.lines[++this.pos];
    }
    return resolvePlain(parts.join(' '));
  }

  private blockScalar(header: string, line: Line, indent: number): string {
    const match = /^([|>])([+-]?)\s*(#.*)?$/.exec(header);
    if (!match) this.fail(line.no, `unsupported block scalar header "${header}"`);
    const body: string[] = [];
    let blockIndent = -1;
    for (let next = this.lines[this.pos]; next; next = this.lines[++this.pos]) {
      if (next.text === '') {
        body.push('');
        continue;
      }
      if (next.indent <= indent) break;
      if (blockIndent < 0) blockIndent = next.indent;
      if (next.indent < blockIndent) this.fail(next.no, 'block scalar line is less indented');
      body.push(' '.repeat(next.indent - blockIndent) + next.text);
    }
    const trailing = body.length - (body.findLastIndex((l) => l !== '') + 1);
    const content = body.slice(0, body.length - trailing);
    const joined =
      match[1] === '|'
        ? content.join('\n')
        : content.join('\n').replace(/([^\n])\n(?=[^\n])/g, '$1 ');
    if (match[2] === '-' || content.length === 0) return joined;
    return joined + (match[2] === '+' ? '\n'.repeat(trailing + 1) : '\n');
  }

  /** A quoted scalar may run over several lines; line breaks fold to spaces. */
  private multiLineQuoted(first: string, line: Line, indent: number): string {
    let text = first;
    for (;;) {
      const closed = findClosingQuote(text);
      if (closed >= 0) {
        const after = text.slice(closed + 1).trim();
        if (after !== '' && !after.startsWith('#')) {
          this.fail(line.no, `unexpected "${after}" after the quoted value`);
        }
        return readQuoted(text, 0, (m) => this.fail(line.no, m)).value;
      }
      const next = this.lines[this.pos];
      if (!next || (next.text !== '' && next.indent <= indent)) {
        this.fail(line.no, 'quoted value is never closed');
      }
      this.pos++;
      text += next.text === '' ? '\n' : ` ${next.text}`;
    }
  }

  private flow(first: string, line: Line, indent: number): YamlValue {
    let text = first;
    // A flow collection may wrap onto following lines until its brackets balance.
    while (!flowBalanced(text)) {
      const next = this.lines[this.pos];
      if (!next || (next.text !== '' && next.indent <= indent)) {
        this.fail(line.no, `"${first[0]}" is never closed`);
      }
      this.pos++;
      text += ` ${next.text}`;
    }
    return new FlowReader(text, (message) => this.fail(line.no, message)).read();
  }
}

class FlowReader {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly fail: (message: string) => never,
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

type Fail = (message: string) => never;

/** A single- or double-quoted scalar starting at `start`; `end` is the index after its quote. */
function readQuoted(text: string, start: number, fail: Fail): { value: string; end: number } {
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

const isSequenceItem = (text: string) => text === '-' || text.startsWith('- ');

function startsMappingEntry(text: string): boolean {
  if (text.startsWith('"') || text.startsWith("'")) {
    const close = findClosingQuote(text);
    return close > 0 && /^\s*:(\s|$)/.test(text.slice(close + 1));
  }
  return !/^[[{|>]/.test(text) && /^[^#]*?:(\s|$)/.test(text);
}

/** Index of the quote closing the quoted scalar that opens `text`, or -1. */
function findClosingQuote(text: string): number {
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

function flowBalanced(text: string): boolean {
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
function stripComment(text: string): string {
  const at = text.search(/(^|\s)#/);
  return (at < 0 ? text : text.slice(0, at)).trim();
}

function resolvePlain(text: string): string | null {
  return text === '' || text === '~' || /^(null|Null|NULL)$/.test(text) ? null : text;
}
