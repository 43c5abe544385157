import { describe, expect, it } from 'vitest';
import { FrontMatterError, parseYamlMapping, readFrontMatter } from '../front-matter.js';

describe('readFrontMatter', () => {
  it('splits a Hugging Face style card into data and body', () => {
    const card = '---\nlicense: cc-by-4.0\npretty_name: Penguins\n---\n# Penguins\nText.\n';
    expect(readFrontMatter(card)).toEqual({
      data: { license: 'cc-by-4.0', pretty_name: 'Penguins' },
      body: '# Penguins\nText.\n',
    });
  });

  it('returns null data for a card without front matter, and accepts a BOM and "..." end', () => {
    expect(readFrontMatter('# Title\n---\n')).toEqual({ data: null, body: '# Title\n---\n' });
    expect(readFrontMatter('\uFEFF---\r\nlicense: mit\r\n...\r\nbody')).toEqual({
      data: { license: 'mit' },
      body: 'body',
    });
  });

  it('refuses front matter that is never closed', () => {
    expect(() => readFrontMatter('---\nlicense: mit\n# Title\n', 'card.md')).toThrow(
      'card.md: the front matter opened on line 1 is never closed',
    );
  });

  it('reports parse errors with the line number of the file', () => {
    expect(() => readFrontMatter('---\nlicense: mit\nnot a pair\n---\n', 'README.md')).toThrow(
      'README.md line 3: expected "key: value", found "not a pair"',
    );
  });
});

describe('parseYamlMapping', () => {
  it('reads lists in block, compact and flow style', () => {
    const yaml = [
      'license:',
      '- mit',
      '- cc-by-4.0',
      'tags:',
      '  - tabular',
      '  - "with: colon"',
      'languages: [en, "fr", \'de\']',
      'empty: []',
    ].join('\n');
    expect(parseYamlMapping(yaml)).toEqual({
      license: ['mit', 'cc-by-4.0'],
      tags: ['tabular', 'with: colon'],
      languages: ['en', 'fr', 'de'],
      empty: [],
    });
  });

  it('reads the nested mappings and lists of mappings of generated cards', () => {
    const yaml = [
      'configs:',
      '- config_name: default',
      '  data_files:',
      '  - split: train',
      '    path: data/train-*',
      'dataset_info:',
      '  features:',
      '    - name: id',
      '      dtype: int64',
      '  splits: {train: 10, test: 2}',
    ].join('\n');
    expect(parseYamlMapping(yaml)).toEqual({
      configs: [{ config_name: 'default', data_files: [{ split: 'train', path: 'data/train-*' }] }],
      dataset_info: {
        features: [{ name: 'id', dtype: 'int64' }],
        splits: { train: '10', test: '2' },
      },
    });
  });

  it('unquotes single and double quotes with their escapes', () => {
    const yaml = [
      `a: 'it''s # not a comment'`,
      'b: "tab\\tquote\\" \\u00e9 \\x41"',
      'c: plain # a comment',
      '"quoted key": 1',
      'd: http://example.com/a#b',
    ].join('\n');
    expect(parseYamlMapping(yaml)).toEqual({
      a: "it's # not a comment",
      b: 'tab\tquote" é A',
      c: 'plain',
      'quoted key': '1',
      d: 'http://example.com/a#b',
    });
  });

  it('folds multi-line plain and quoted scalars and reads block scalars', () => {
    const yaml = [
      'plain: first',
      '  second',
      'quoted: "one',
      '  two"',
      'literal: |',
      '  line 1',
      '    indented',
      '',
      'folded: >-',
      '  a',
      '  b',
      'kept: |+',
      '  x',
      '',
      'after: end',
    ].join('\n');
    expect(parseYamlMapping(yaml)).toEqual({
      plain: 'first second',
      quoted: 'one two',
      literal: 'line 1\n  indented\n',
      folded: 'a b',
      kept: 'x\n\n',
      after: 'end',
    });
  });

  it('keeps scalars as strings and reads null forms as null', () => {
    expect(parseYamlMapping('n: 12\nb: true\nno: NO\nt: ~\nu: null\nv:')).toEqual({
      n: '12',
      b: 'true',
      no: 'NO',
      t: null,
      u: null,
      v: null,
    });
  });

  it.each([
    ['a: 1\na: 2', 'YAML line 2: duplicate key "a"'],
    ['a: &x 1', 'YAML line 1: anchors, aliases and tags are not supported'],
    ['a: *x', 'YAML line 1: anchors, aliases and tags are not supported'],
    ['a: !!str 1', 'YAML line 1: anchors, aliases and tags are not supported'],
    ['a:\n\t- x', 'YAML line 2: tabs are not allowed in indentation'],
    ['a: "open', 'YAML line 1: quoted value is never closed'],
    ['a: [1, 2', 'YAML line 1: "[" is never closed'],
    ['a: "x" y', 'YAML line 1: unexpected "y" after the quoted value'],
    ['a: "\\q"', 'YAML line 1: unknown escape "\\q" in a double-quoted value'],
    ['- a\n- b', 'YAML line 1: expected a mapping of keys, found a list'],
    ['a: 1\n  b: 2', 'YAML line 2: unexpected indentation or content: "b: 2"'],
  ])('refuses %j: %s', (yaml, message) => {
    expect(() => parseYamlMapping(yaml)).toThrow(message);
    expect(() => parseYamlMapping(yaml)).toThrow(FrontMatterError);
  });
});
