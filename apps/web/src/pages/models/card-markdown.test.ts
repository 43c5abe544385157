import { describe, expect, it } from 'vitest';
import { cardBlocks, cardSpans, splitFrontMatter } from './card-markdown';

describe('model card Markdown', () => {
  it('splits the YAML front matter from the body', () => {
    expect(splitFrontMatter('---\nlicense: cc0-1.0\ntags:\n- x\n---\n# Penguins\n')).toEqual({
      frontMatter: 'license: cc0-1.0\ntags:\n- x',
      body: '# Penguins\n',
    });
    expect(splitFrontMatter('# No metadata')).toEqual({ frontMatter: null, body: '# No metadata' });
  });

  it('reads headings, paragraphs, lists, code and tables', () => {
    const body = [
      '## Intended use',
      'Classifies penguins',
      'by their measurements.',
      '',
      '- one',
      '- two',
      '  continued',
      '1. first',
      '',
      '```yaml',
      'a: 1',
      '```',
      '| metric | value |',
      '| --- | ---: |',
      '| accuracy | 0.97 |',
    ].join('\n');
    expect(cardBlocks(body)).toEqual([
      { kind: 'heading', level: 2, text: 'Intended use' },
      { kind: 'paragraph', text: 'Classifies penguins by their measurements.' },
      { kind: 'list', ordered: false, items: ['one', 'two continued', 'first'] },
      { kind: 'code', text: 'a: 1' },
      { kind: 'table', header: ['metric', 'value'], rows: [['accuracy', '0.97']] },
    ]);
  });

  it('marks inline code, bold, emphasis and http links, and never links other schemes', () => {
    expect(
      cardSpans(
        'Use `predict` **only** for *birds*, see [docs](https://x.org) or [x](javascript:1)',
      ),
    ).toEqual([
      { kind: 'text', text: 'Use ' },
      { kind: 'code', text: 'predict' },
      { kind: 'text', text: ' ' },
      { kind: 'strong', text: 'only' },
      { kind: 'text', text: ' for ' },
      { kind: 'em', text: 'birds' },
      { kind: 'text', text: ', see ' },
      { kind: 'link', text: 'docs', href: 'https://x.org' },
      { kind: 'text', text: ' or ' },
      { kind: 'text', text: 'x' },
    ]);
  });
});
