/** A cell as text: JSON values (nested lists, structs) stringified, missing shown as null. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
