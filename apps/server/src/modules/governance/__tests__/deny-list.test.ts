import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../http/errors.js';
import { normalizeSha256, parseDenyList } from '../deny-list.js';

const HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('normalizeSha256', () => {
  it('lowercases, trims and drops a sha256: prefix', () => {
    expect(normalizeSha256(`  ${HEX.toUpperCase()}\n`)).toBe(HEX);
    expect(normalizeSha256(`sha256:${HEX}`)).toBe(HEX);
    expect(normalizeSha256(`SHA256:${HEX}`)).toBe(HEX);
  });

  it('says what is wrong and where', () => {
    expect(() => normalizeSha256(HEX.slice(1))).toThrow(
      'sha256: a SHA-256 hash has 64 hex digits, this one has 63',
    );
    expect(() => normalizeSha256(`${HEX}0`)).toThrow('this one has 65');
    expect(() => normalizeSha256(`${HEX.slice(0, 10)}g${HEX.slice(11)}`)).toThrow(
      'sha256: a SHA-256 hash is hexadecimal; "g" at position 11 is not',
    );
    expect(() => normalizeSha256('')).toThrow(ValidationError);
  });
});

describe('parseDenyList', () => {
  it('reads one hash a line, skipping comments, blanks and duplicates', () => {
    const other = 'a'.repeat(64);
    const text = `# known bad files\n${HEX}\n\n${other}  # from a report\n${HEX.toUpperCase()}\r\n`;
    expect(parseDenyList(text)).toEqual([HEX, other]);
  });

  it('fails the whole list on a bad line, naming the line', () => {
    expect(() => parseDenyList(`${HEX}\n# ok\nnot-a-hash\n`)).toThrow(
      'line 3: a SHA-256 hash is hexadecimal; "n" at position 1 is not',
    );
  });
});
