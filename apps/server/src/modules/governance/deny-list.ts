import { ValidationError } from '../../http/errors.js';

/**
 * A file hash in the one form the deny list stores and compares: 64 lowercase hex digits.
 * Accepts surrounding spaces, upper case and a `sha256:` prefix, as admins paste them.
 */
export function normalizeSha256(input: string, field = 'sha256'): string {
  const hex = input
    .trim()
    .replace(/^sha256:/i, '')
    .toLowerCase();
  if (!/^[0-9a-f]*$/.test(hex)) {
    const bad = /[^0-9a-f]/.exec(hex)!;
    throw ValidationError.field(
      field,
      `a SHA-256 hash is hexadecimal; "${bad[0]}" at position ${bad.index + 1} is not`,
    );
  }
  if (hex.length !== 64) {
    throw ValidationError.field(
      field,
      `a SHA-256 hash has 64 hex digits, this one has ${hex.length}`,
    );
  }
  return hex;
}

/**
 * Hashes from a pasted or uploaded deny list: one per line, `#` comments and blank lines
 * skipped, duplicates dropped. A bad line fails the whole list, naming its line.
 */
export function parseDenyList(text: string): string[] {
  const hashes = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    const entry = line.replace(/#.*$/, '').trim();
    if (entry !== '') hashes.add(normalizeSha256(entry, `line ${i + 1}`));
  });
  return [...hashes];
}
