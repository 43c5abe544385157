import type { ModelInputField, ModelLicense } from '@aistudio/contracts';

/** A training dataset version as the card names it. */
export interface CardDataset {
  id: string;
  name: string;
  number: number;
}

/** The fairness section of a run's evaluation report (the engine's FairnessReport). */
interface FairnessFindings {
  column: string;
  groups: {
    group: string;
    rows: number;
    smallSample: boolean;
    metrics: Record<string, number | null>;
  }[];
  gaps: { metric: string; gap: number; highest: { group: string }; lowest: { group: string } }[];
}

/** Everything a generated card is written from. */
export interface CardFacts {
  modelName: string;
  version: number;
  description: string;
  tags: Record<string, string>;
  source: 'run' | 'onnx';
  task: string | null;
  algorithm: string | null;
  target: string | null;
  metrics: Record<string, number>;
  inputs: readonly ModelInputField[];
  license: ModelLicense;
  datasets: readonly CardDataset[];
  engineVersion: string | null;
  /** The run's evaluation report (`evaluation.json`), when registered from a run. */
  evaluation: { rows?: number; fairness?: FairnessFindings | null } | null;
}

type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

// Strings are written double-quoted in JSON syntax, which YAML reads as the same string.
function yamlScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function yamlLines(value: Yaml, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}[]`];
    return value.flatMap((item) => {
      const lines = yamlLines(item, `${indent}  `);
      return [`${indent}- ${lines[0]!.trimStart()}`, ...lines.slice(1)];
    });
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => {
      const scalar = item === null || typeof item !== 'object';
      if (scalar) return [`${indent}${key}: ${yamlScalar(item)}`];
      if (Array.isArray(item) && item.length === 0) return [`${indent}${key}: []`];
      return [`${indent}${key}:`, ...yamlLines(item, `${indent}  `)];
    });
  }
  return [`${indent}${yamlScalar(value)}`];
}

const PIPELINE_TAG: Record<string, string> = {
  binary: 'tabular-classification',
  multiclass: 'tabular-classification',
  regression: 'tabular-regression',
};

const round = (x: number) => Number(x.toPrecision(6));

/** The YAML front matter Hugging Face reads: license, datasets, metrics, model-index, tags. */
function frontMatter(facts: CardFacts): string {
  const pipelineTag = facts.task ? PIPELINE_TAG[facts.task] : undefined;
  const datasetNames = facts.datasets.map((d) => `${d.name} (version ${d.number})`);
  const data: Record<string, Yaml> = {
    license: facts.license.spdx,
    ...(facts.license.spdx === 'other'
      ? { license_name: facts.license.licenseIds.join(', ') || 'declared by the uploader' }
      : {}),
    library_name: 'aistudio',
    ...(pipelineTag ? { pipeline_tag: pipelineTag } : {}),
    tags: [
      ...(facts.algorithm ? [facts.algorithm] : []),
      ...(facts.task ? [facts.task] : []),
      ...Object.entries(facts.tags).map(([k, v]) => (v ? `${k}:${v}` : k)),
    ],
    datasets: datasetNames,
    metrics: Object.keys(facts.metrics),
    'model-index': [
      {
        name: facts.modelName,
        results: facts.datasets.map((d) => ({
          task: { type: pipelineTag ?? 'tabular', name: facts.task ?? 'unknown' },
          dataset: { name: `${d.name} (version ${d.number})`, type: d.id },
          metrics: Object.entries(facts.metrics).map(([name, value]) => ({
            type: name,
            value: round(value),
            name: `held-out ${name}`,
          })),
        })),
      },
    ],
  };
  return ['---', ...yamlLines(data, ''), '---'].join('\n');
}

function table(header: string[], rows: string[][]): string[] {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

function intendedUse(facts: CardFacts): string[] {
  const what = facts.task
    ? `a ${facts.task} model${facts.target ? ` predicting \`${facts.target}\`` : ''}`
    : 'a model uploaded as ONNX';
  const lines = [`${facts.modelName} version ${facts.version} is ${what}.`];
  if (facts.description) lines.push('', facts.description);
  if (!facts.license.allowsCommercialUse) {
    lines.push(
      '',
      `**Not for commercial use**: the training data is licensed ${facts.license.researchOnly ? 'for research only' : 'for non-commercial use only'} (${facts.license.licenseIds.join(', ')}).`,
    );
  }
  return lines;
}

function trainingData(facts: CardFacts): string[] {
  if (facts.datasets.length === 0) {
    return [
      'Trained outside AI Studio; the uploader declared the licence below.',
      ...licenseLines(facts),
    ];
  }
  return [
    ...facts.datasets.map((d) => `- ${d.name}, version ${d.number} (dataset version \`${d.id}\`)`),
    '',
    ...(facts.inputs.length > 0
      ? [`Input columns: ${facts.inputs.map((i) => `\`${i.name}\` (${i.kind})`).join(', ')}.`, '']
      : []),
    ...licenseLines(facts),
  ];
}

function licenseLines(facts: CardFacts): string[] {
  const l = facts.license;
  return [
    `Licence: ${l.licenseIds.join(', ') || 'none declared'} (tier ${l.tier}).`,
    ...(l.reasons.length > 0 ? l.reasons.map((r) => `- ${r}`) : []),
    ...(l.attribution.length > 0
      ? ['', 'Attribution:', ...l.attribution.map((a) => `- ${a}`)]
      : []),
  ];
}

function evaluationLines(facts: CardFacts): string[] {
  const entries = Object.entries(facts.metrics);
  if (entries.length === 0) return ['No evaluation was recorded for this version.'];
  const rows = facts.evaluation?.rows;
  return [
    `Metrics on ${rows ? `${rows} ` : ''}held-out rows the model did not train on:`,
    '',
    ...table(
      ['metric', 'value'],
      entries.map(([k, v]) => [k, String(round(v))]),
    ),
  ];
}

function fairnessLines(facts: CardFacts): string[] {
  const fairness = facts.evaluation?.fairness;
  if (!fairness) {
    return [
      'No fairness analysis was run: the training run named no group column. Evaluate across a ' +
        'sensitive attribute before relying on this model for decisions about people.',
    ];
  }
  const metricNames = [...new Set(fairness.groups.flatMap((g) => Object.keys(g.metrics)))];
  return [
    `Metrics per group of \`${fairness.column}\` on the held-out rows:`,
    '',
    ...table(
      ['group', 'rows', ...metricNames],
      fairness.groups.map((g) => [
        g.group + (g.smallSample ? ' (small sample)' : ''),
        String(g.rows),
        ...metricNames.map((m) => (g.metrics[m] == null ? '–' : String(round(g.metrics[m]!)))),
      ]),
    ),
    '',
    ...fairness.gaps.map(
      (g) =>
        `- Largest ${g.metric} gap: ${round(g.gap)} (highest ${g.highest.group}, lowest ${g.lowest.group}).`,
    ),
  ];
}

function limitations(facts: CardFacts): string[] {
  return [
    '- Predictions are only as representative as the training data; rows unlike it (new categories, values outside the training range) get less reliable answers.',
    ...(facts.inputs.some((i) => i.kind === 'categorical')
      ? ['- Categories not seen in training are treated as missing.']
      : []),
    ...(facts.source === 'onnx'
      ? ['- Trained elsewhere: its data, evaluation and fairness were not checked by AI Studio.']
      : []),
    ...(facts.engineVersion ? [`- Trained with AI Studio engine ${facts.engineVersion}.`] : []),
  ];
}

/** The card generated at registration: Hugging-Face-compatible front matter, then the sections. */
export function generateModelCard(facts: CardFacts): string {
  return [
    frontMatter(facts),
    '',
    `# ${facts.modelName} — version ${facts.version}`,
    '',
    '## Intended use',
    '',
    ...intendedUse(facts),
    '',
    '## Training data',
    '',
    ...trainingData(facts),
    '',
    '## Evaluation',
    '',
    ...evaluationLines(facts),
    '',
    '## Fairness findings',
    '',
    ...fairnessLines(facts),
    '',
    '## Limitations',
    '',
    ...limitations(facts),
    '',
  ].join('\n');
}
