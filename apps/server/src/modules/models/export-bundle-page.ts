import type { ModelInputField, ModelLicense } from '@aistudio/contracts';

/** What the bundle's page and script need to know about the version. */
export interface BundleFacts {
  readonly modelName: string;
  readonly version: number;
  readonly task: string | null;
  readonly target: string | null;
  readonly classes: string[] | null;
  readonly inputs: readonly ModelInputField[];
  readonly license: ModelLicense;
  readonly licenseOverride: { reason: string } | null;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fieldHtml(input: ModelInputField, index: number): string {
  const id = `field-${index}`;
  const label = `<label for="${id}">${escapeHtml(input.name)}</label>`;
  const name = `name="${escapeHtml(input.name)}" id="${id}"`;
  if (input.categories && input.categories.length > 0) {
    const options = input.categories
      .map((c) => `<option value="${escapeHtml(c)}">${escapeHtml(c)}</option>`)
      .join('');
    return `${label}<select ${name}><option value="">(missing)</option>${options}</select>`;
  }
  const type = input.kind === 'numeric' ? 'number" step="any' : 'text';
  return `${label}<input type="${type}" ${name}>`;
}

/** index.html: one form field per input (a select where the categories are known) and the answer. */
export function browserBundlePage(facts: BundleFacts): string {
  const title = `${facts.modelName} v${facts.version}`;
  const fields = facts.inputs.map(fieldHtml).join('\n      ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${escapeHtml(title)}</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; }
    form { display: grid; grid-template-columns: max-content 1fr; gap: .5rem 1rem; }
    button { grid-column: 2; justify-self: start; }
  </style>
</head>
<body>
  <h1>${escapeHtml(title)}</h1>
  <p>Predicts <strong>${escapeHtml(facts.target ?? 'the target')}</strong> in this browser; nothing is sent anywhere.</p>
  <form id="record">
      ${fields}
    <button type="submit">Predict</button>
  </form>
  <output id="result" aria-live="polite"></output>
  <script type="module">
    import { loadModel, predict } from './predict.js';
    const form = document.getElementById('record');
    const result = document.getElementById('result');
    const { schema } = await loadModel();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const record = Object.fromEntries(schema.inputs.map((input) => {
        const raw = data.get(input.name);
        if (raw === null || raw === '') return [input.name, null];
        return [input.name, input.kind === 'numeric' ? Number(raw) : String(raw)];
      }));
      try {
        const [prediction] = await predict([record]);
        result.dataset.prediction = JSON.stringify(prediction);
        result.textContent = 'label' in prediction
          ? \`\${prediction.label} (\${(prediction.probabilities[prediction.label] * 100).toFixed(1)}%)\`
          : String(prediction.value);
      } catch (error) {
        result.textContent = 'Could not predict: ' + error.message;
      }
    });
    form.dataset.ready = 'true';
  </script>
</body>
</html>
`;
}

/** README.md: how to run the bundle, and the licence and attribution that travel with the model. */
export function browserBundleReadme(facts: BundleFacts): string {
  const license = facts.license;
  const duties = [
    !license.allowsCommercialUse &&
      (license.researchOnly ? 'research use only' : 'non-commercial use only'),
    !license.allowsDerivatives && 'no derivatives',
    license.shareAlike && 'share alike',
    license.requiresAttribution && 'attribution required',
  ].filter(Boolean);
  return `# ${facts.modelName} v${facts.version} — browser bundle

Runs the model client-side with [onnxruntime-web](https://onnxruntime.ai) (WebAssembly); no server
is called and no network is needed.

## Run it

Serve this folder with any static file server (browsers do not load ES modules from \`file://\`), e.g.

    python3 -m http.server 8000

and open http://localhost:8000/. In your own page:

\`\`\`js
import { predict } from './predict.js';
const [prediction] = await predict([{ /* one value per input, see schema.json */ }]);
\`\`\`

## Files

- \`model.onnx\` — the model with its preprocessing; inputs and classes in \`schema.json\`
- \`predict.js\` — loads the model and scores records
- \`index.html\` — a demo form for one record
- \`ort/\` — the onnxruntime-web runtime (MIT licence, © Microsoft)

## Licence

Licence of the training data, inherited by the model: **${license.licenseIds.join(', ')}**${duties.length > 0 ? ` (${duties.join('; ')})` : ''}.
${license.reasons.map((r) => `\n- ${r}`).join('')}
${license.attribution.length > 0 ? `\n### Attribution\n${license.attribution.map((a) => `\n- ${a}`).join('')}\n` : ''}${facts.licenseOverride ? `\nExported under an administrator's licence override: ${facts.licenseOverride.reason}\n` : ''}`;
}
