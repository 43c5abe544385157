/** The card split into its YAML front matter (Hugging Face metadata) and its Markdown body. */
export function splitFrontMatter(markdown: string): { frontMatter: string | null; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(markdown);
  return match
    ? { frontMatter: match[1]!, body: markdown.slice(match[0].length) }
    : { frontMatter: null, body: markdown };
}

export type CardBlock =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'code'; text: string }
  | { kind: 'table'; header: string[]; rows: string[][] };

/**
 * The block structure of the Markdown a generated card uses: headings, paragraphs, lists, fenced
 * code and pipe tables. Anything else reads as a paragraph; nothing is ever parsed as HTML.
 */
export function cardBlocks(body: string): CardBlock[] {
  const lines = body.split(/\r?\n/);
  const blocks: CardBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (line.trim() === '') {
      i++;
    } else if (heading) {
      blocks.push({ kind: 'heading', level: heading[1]!.length, text: heading[2]! });
      i++;
    } else if (/^\s*(```|~~~)/.test(line)) {
      const fence = line.trim().slice(0, 3);
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i]!.trim().startsWith(fence); i++) code.push(lines[i]!);
      blocks.push({ kind: 'code', text: code.join('\n') });
      i++;
    } else if (/^\s*\|/.test(line) && /^\s*\|?\s*:?-{2,}/.test(lines[i + 1] ?? '')) {
      const header = tableCells(line);
      const rows: string[][] = [];
      for (i += 2; i < lines.length && /^\s*\|/.test(lines[i]!); i++)
        rows.push(tableCells(lines[i]!));
      blocks.push({ kind: 'table', header, rows });
    } else if (LIST_ITEM.test(line)) {
      const ordered = /^\s*\d+[.)]\s/.test(line);
      const items: string[] = [];
      for (; i < lines.length && lines[i]!.trim() !== ''; i++) {
        const item = LIST_ITEM.exec(lines[i]!);
        if (item) items.push(item[1]!);
        else if (items.length > 0) items[items.length - 1] += ` ${lines[i]!.trim()}`;
      }
      blocks.push({ kind: 'list', ordered, items });
    } else {
      const text: string[] = [];
      for (; i < lines.length && startsParagraphLine(lines[i]!); i++) text.push(lines[i]!.trim());
      blocks.push({ kind: 'paragraph', text: text.join(' ') });
    }
  }
  return blocks;
}

const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/;

function startsParagraphLine(line: string): boolean {
  return (
    line.trim() !== '' && !/^(#{1,6}\s|\s*(```|~~~)|\s*\|)/.test(line) && !LIST_ITEM.test(line)
  );
}

function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

export type CardSpan =
  | { kind: 'text' | 'code' | 'strong' | 'em'; text: string }
  | { kind: 'link'; text: string; href: string };

/** Inline code, **bold**, *emphasis* and [links](https://…); only http(s) links become links. */
export function cardSpans(text: string): CardSpan[] {
  const spans: CardSpan[] = [];
  const pattern = /`([^`]+)`|\*\*(.+?)\*\*|\*(.+?)\*|_(.+?)_|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) spans.push({ kind: 'text', text: text.slice(last, match.index) });
    const [, code, strong, star, underscore, linkText, href] = match;
    if (code !== undefined) spans.push({ kind: 'code', text: code });
    else if (strong !== undefined) spans.push({ kind: 'strong', text: strong });
    else if (star !== undefined || underscore !== undefined)
      spans.push({ kind: 'em', text: (star ?? underscore)! });
    else if (/^https?:\/\//i.test(href!))
      spans.push({ kind: 'link', text: linkText!, href: href! });
    else spans.push({ kind: 'text', text: linkText! });
    last = match.index + match[0].length;
  }
  if (last < text.length) spans.push({ kind: 'text', text: text.slice(last) });
  return spans;
}
