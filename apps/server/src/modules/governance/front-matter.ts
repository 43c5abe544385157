import { UnprocessableError } from '../../http/errors.js';
import {
  findClosingQuote,
  FlowReader,
  flowBalanced,
  readQuoted,
  resolvePlain,
  stripComment,
  type YamlMapping,
  type YamlValue,
} from './yaml-inline.js';

export type { YamlMapping, YamlValue };

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

const isSequenceItem = (text: string) => text === '-' || text.startsWith('- ');

function startsMappingEntry(text: string): boolean {
  if (text.startsWith('"') || text.startsWith("'")) {
    const close = findClosingQuote(text);
    return close > 0 && /^\s*:(\s|$)/.test(text.slice(close + 1));
  }
  return !/^[[{|>]/.test(text) && /^[^#]*?:(\s|$)/.test(text);
}
