/** The two scoring endpoints a deployment answers on. */
export type ScoringEndpoint = 'predict' | 'invocations';
export type SnippetLanguage = 'curl' | 'typescript' | 'python';

export interface SnippetRequest {
  /** The server's origin as the browser sees it, e.g. https://studio.example.com. */
  readonly origin: string;
  readonly deploymentId: string;
  readonly endpoint: ScoringEndpoint;
  /** One example record (field → value), e.g. the "try it" form's. */
  readonly record: Readonly<Record<string, unknown>>;
}

// The key never appears in a snippet: each language reads it from the environment.
const KEY_VARIABLE = 'AISTUDIO_API_KEY';

export function scoringUrl({ origin, deploymentId, endpoint }: SnippetRequest): string {
  return `${origin.replace(/\/+$/, '')}/api/v1/deployments/${encodeURIComponent(deploymentId)}/${endpoint}`;
}

/** /predict takes `records`; /invocations takes MLflow's `dataframe_records`. */
export function scoringBody(request: SnippetRequest): Record<string, unknown> {
  return request.endpoint === 'predict'
    ? { records: [request.record] }
    : { dataframe_records: [request.record] };
}

/** A copy-and-run example calling the endpoint with an API key that has the `predict` scope. */
export function scoringSnippet(request: SnippetRequest, language: SnippetLanguage): string {
  const url = scoringUrl(request);
  const body = scoringBody(request);
  switch (language) {
    case 'curl':
      return [
        `curl -X POST ${shellQuote(url)} \\`,
        `  -H "Authorization: Bearer $${KEY_VARIABLE}" \\`,
        `  -H 'Content-Type: application/json' \\`,
        `  -d ${shellQuote(JSON.stringify(body))}`,
      ].join('\n');
    case 'typescript':
      return [
        `const response = await fetch(${JSON.stringify(url)}, {`,
        `  method: 'POST',`,
        `  headers: {`,
        `    'content-type': 'application/json',`,
        `    authorization: \`Bearer \${process.env.${KEY_VARIABLE}}\`,`,
        `  },`,
        `  body: JSON.stringify(${indent(JSON.stringify(body, null, 2), '  ')}),`,
        `});`,
        `if (!response.ok) throw new Error(\`\${response.status}: \${await response.text()}\`);`,
        `const { predictions } = await response.json();`,
        `console.log(predictions);`,
      ].join('\n');
    case 'python':
      return [
        `import os`,
        ``,
        `import requests`,
        ``,
        `response = requests.post(`,
        `    ${JSON.stringify(url)},`,
        `    headers={"Authorization": f"Bearer {os.environ['${KEY_VARIABLE}']}"},`,
        `    json=${indent(pythonLiteral(body, 1), '    ')},`,
        `    timeout=30,`,
        `)`,
        `response.raise_for_status()`,
        `print(response.json()["predictions"])`,
      ].join('\n');
  }
}

/** A POSIX shell word: single quotes, with each inner ' closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A JSON value as a Python literal (None, True, False; JSON's string escapes are Python's too). */
export function pythonLiteral(value: unknown, depth = 0): string {
  const pad = '    '.repeat(depth + 1);
  const close = '    '.repeat(depth);
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'None';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${pad}${pythonLiteral(v, depth + 1)},`).join('\n')}\n${close}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries
    .map(([k, v]) => `${pad}${JSON.stringify(k)}: ${pythonLiteral(v, depth + 1)},`)
    .join('\n')}\n${close}}`;
}

function indent(text: string, prefix: string): string {
  return text.replace(/\n/g, `\n${prefix}`);
}
