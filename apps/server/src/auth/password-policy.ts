import { dictionary } from '@zxcvbn-ts/language-common';
import { ValidationError } from '../http/errors.js';

let common: Set<string> | null = null;

// zxcvbn-ts's list of ~49k leaked passwords (MIT); only entries of 10+ characters can reach here.
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].filter((p) => p.length >= 10));
  return common;
}

/** Rejects passwords found in breach lists or built from the account's own email or name. */
export function assertPasswordAcceptable(
  field: string,
  password: string,
  user: { email: string; name?: string },
) {
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) {
    throw ValidationError.field(
      field,
      'is a commonly used password; choose a longer, unique passphrase',
    );
  }
  if (/^(.)\1+$/.test(password)) {
    throw ValidationError.field(field, 'repeats one character; choose a longer, unique passphrase');
  }
  const localPart = user.email.split('@')[0]!.toLowerCase();
  if (lower === user.email.toLowerCase() || (localPart.length >= 4 && lower.includes(localPart))) {
    throw ValidationError.field(field, 'must not contain your email address');
  }
}
