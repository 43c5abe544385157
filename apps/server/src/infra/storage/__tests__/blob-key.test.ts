import { describe, expect, it } from 'vitest';
import { InvalidBlobKeyError } from '../blob-errors.js';
import { assertBlobKey, assertBlobPrefix } from '../blob-key.js';

describe('assertBlobKey', () => {
  it.each([
    'datasets/0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b/raw',
    'orgs/org_1/versions/v-2/data.parquet',
    'a',
    'A9._-',
  ])('accepts %s', (key) => {
    expect(() => assertBlobKey(key)).not.toThrow();
  });

  it.each([
    ['', 'is empty'],
    ['../etc/passwd', 'segment ".." must start with a letter or digit'],
    ['a/../b', 'segment ".." must start'],
    ['./a', 'segment "." must start'],
    ['/abs/path', 'has an empty segment'],
    ['a//b', 'has an empty segment'],
    ['trailing/', 'has an empty segment'],
    ['.tmp/x', 'segment ".tmp" must start'],
    ['-rf', 'segment "-rf" must start'],
    ['a\\b', 'use only A-Z a-z 0-9 . _ -'],
    ['with space', 'use only'],
    ['naïve.csv', 'use only'],
    ['line\nbreak', 'use only'],
    ['nul\u0000', 'use only'],
    ['C:/windows', 'use only'],
    ['x'.repeat(256), 'longer than 255'],
    [Array.from({ length: 300 }, () => 'abcd').join('/'), 'longer than 1024'],
  ])('rejects %j: %s', (key, reason) => {
    expect(() => assertBlobKey(key)).toThrow(InvalidBlobKeyError);
    expect(() => assertBlobKey(key)).toThrow(reason);
  });

  it('names the key in the error', () => {
    expect(() => assertBlobKey('a/../b')).toThrow('blob key "a/../b": ');
  });
});

describe('assertBlobPrefix', () => {
  it.each(['', 'datasets/', 'datasets/0193', 'a/b/'])('accepts %j', (prefix) => {
    expect(() => assertBlobPrefix(prefix)).not.toThrow();
  });

  it.each(['/', '../', 'a//', '.tmp/', 'a/..'])('rejects %j', (prefix) => {
    expect(() => assertBlobPrefix(prefix)).toThrow(InvalidBlobKeyError);
  });
});
