// Bench: GBDT training on penguins-shaped data in headless Chromium (Vite build, in a Web Worker)
// and in Node (the same bundle), side by side. Writes bench/results/engine-browser.json.
// Usage: node bench/engine/browser.mjs [runs=30]
//
// vega-datasets is not installed, so the data is synthetic with the shape of Palmer penguins: 344
// rows, species (3 classes, 152/68/124) as the target, island and sex categorical (11 sexes
// missing), four measurements drawn per species from the real data's means and deviations, and
// 2 rows with every measurement missing.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import {
  buildBrowserEngine,
  ENGINE_BUNDLE,
  HARNESS_DIR,
  serveHarness,
} from '../../packages/engine/browser/harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runs = Number(process.argv[2] ?? 30);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const params = {
  objective: 'multiclass',
  nIter: 100,
  learningRate: 0.1,
  numLeaves: 31,
  minSamplesLeaf: 20,
  maxBins: 255,
  earlyStopping: false,
};

// Per species: count, islands with their counts, and mean/sd of bill length, bill depth, flipper
// length and body mass (Palmer penguins summary figures).
const SPECIES = [
  {
    count: 152,
    islands: { Torgersen: 52, Biscoe: 44, Dream: 56 },
    measures: [
      [38.8, 2.7],
      [18.3, 1.2],
      [190, 6.5],
      [3701, 459],
    ],
  },
  {
    count: 68,
    islands: { Dream: 68 },
    measures: [
      [48.8, 3.3],
      [18.4, 1.1],
      [195.8, 7.1],
      [3733, 384],
    ],
  },
  {
    count: 124,
    islands: { Biscoe: 124 },
    measures: [
      [47.5, 3.1],
      [15.0, 1.0],
      [217.2, 6.5],
      [5076, 504],
    ],
  },
];
const MEASURES = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g'];

/** Mulberry32: a small seeded generator, so every run benches the same rows. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticPenguins() {
  const random = seeded(344);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const numeric = Object.fromEntries(MEASURES.map((m) => [m, []]));
  const island = [];
  const sex = [];
  const target = [];
  SPECIES.forEach((species, code) => {
    for (const [name, count] of Object.entries(species.islands)) {
      for (let i = 0; i < count; i++) {
        target.push(code);
        island.push(name);
        sex.push(random() < 0.5 ? 'male' : 'female');
        species.measures.forEach(([mean, sd], j) => {
          numeric[MEASURES[j]].push(Math.round((mean + sd * normal()) * 10) / 10);
        });
      }
    }
  });
  for (const row of [3, 339]) for (const m of MEASURES) numeric[m][row] = null;
  for (let k = 0; k < 11; k++) sex[Math.floor(random() * sex.length)] = null;
  const table = { numeric, categorical: { island, sex } };
  return { name: 'penguins (synthetic)', params, train: table, target, predict: table };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const summary = (ms) => ({
  coldMs: round(ms[0]),
  medianWarmMs: round(median(ms.slice(1))),
  minWarmMs: round(Math.min(...ms.slice(1))),
  runs: ms.length,
});
const round = (ms) => Math.round(ms * 100) / 100;

await buildBrowserEngine();
const c = syntheticPenguins();

const engine = await import(ENGINE_BUNDLE);
const { timeTraining } = await import(path.join(HARNESS_DIR, 'conformance-cases.js'));
const node = await timeTraining(engine, c, runs);

const harness = await serveHarness();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
let inChromium;
try {
  const page = await browser.newPage();
  await page.goto(harness.url);
  await page.waitForFunction(() => 'conformance' in globalThis);
  inChromium = await page.evaluate(([c, runs]) => globalThis.conformance.time(c, runs), [c, runs]);
} finally {
  await browser.close();
  await harness.close();
}

const result = {
  case: `GBDT multiclass, ${c.name}: ${c.target.length} rows, 4 numeric + 2 categorical, 3 classes`,
  data: 'synthetic: vega-datasets is not installed, so the rows are drawn to the shape of penguins',
  settings: params,
  measure: 'wall time of trainGbdt only (table built beforehand); run 1 is cold, the rest warm',
  machine: { cpus: cpus().length, node: process.version, chromium: browser.version() },
  engine: {
    version: JSON.parse(readFileSync(path.join(root, 'packages/engine/package.json'), 'utf8'))
      .version,
    bundle: path.relative(root, ENGINE_BUNDLE),
  },
  date: new Date().toISOString(),
  results: [
    { runtime: `Chromium ${browser.version()} (Web Worker)`, ...summary(inChromium.ms) },
    { runtime: `Node ${process.version}`, ...summary(node.ms) },
  ],
  // Differs while Math.exp/log round differently in the two V8s (see e2e/engine-conformance.spec.ts).
  sameModel: inChromium.modelJson === node.modelJson,
};
const out = path.join(root, 'bench/results/engine-browser.json');
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
console.table(result.results);
console.log(`same model in both runtimes: ${result.sameModel}`);
console.log(`wrote ${path.relative(root, out)}`);
