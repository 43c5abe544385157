import { describe, expect, it } from 'vitest';
import { tagsToText, textToTags } from './run-tags';

describe('run tags as text', () => {
  it('round-trips key=value lines, keeping = inside values', () => {
    const tags = { team: 'birds', query: 'a=b' };
    expect(textToTags(tagsToText(tags))).toEqual({ ok: true, tags });
  });

  it('skips blank lines and names a line without a key', () => {
    expect(textToTags('a=1\n\n b = 2 ')).toEqual({ ok: true, tags: { a: '1', b: '2' } });
    expect(textToTags('a=1\n=2')).toEqual({ ok: false, error: 'line 2: write key=value' });
  });
});
