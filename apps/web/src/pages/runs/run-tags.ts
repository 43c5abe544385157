/** Tags as the form edits them: one `key=value` per line. */
export function tagsToText(tags: Readonly<Record<string, string>>): string {
  return Object.entries(tags)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
}

/** Parses `key=value` lines (blank lines skipped); a line without `=` or a key is an error. */
export function textToTags(
  text: string,
): { ok: true; tags: Record<string, string> } | { ok: false; error: string } {
  const tags: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const at = line.indexOf('=');
    if (at <= 0) return { ok: false, error: `line ${i + 1}: write key=value` };
    tags[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { ok: true, tags };
}
