import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { predict, Table, type TrainedModel } from '@aistudio/engine';
import { openDuckDB } from '@aistudio/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// These tests run the built CLI (`npm test` builds first) as a real process on real files.
const bin = fileURLToPath(new URL('../../bin/aistudio.js', import.meta.url));
// Palmer penguins (CC0), as shipped by the vega-datasets package: 344 rows, 7 columns.
const penguinsJson = fileURLToPath(
  new URL('../../../../node_modules/vega-datasets/data/penguins.json', import.meta.url),
);
const penguins = JSON.parse(readFileSync(penguinsJson, 'utf8')) as Record<string, unknown>[];
const SLOW = 120_000;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function train(args: string[], cwd: string): Promise<Outcome> {
  const child = spawn(process.execPath, [bin, 'train', ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** A failed run: the exit code, one line on stderr without a stack, nothing on stdout. */
function expectOneLineError(outcome: Outcome, code: number, pattern: RegExp) {
  expect(outcome.code).toBe(code);
  expect(outcome.stdout).toBe('');
  const lines = outcome.stderr.trimEnd().split('\n');
  expect(lines.at(-1)).toMatch(pattern);
  expect(lines.filter((line) => line.startsWith('aistudio train:'))).toHaveLength(1);
  expect(outcome.stderr).not.toMatch(/\n\s+at /);
}

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'aistudio-cli-train-test-'));
  const session = await openDuckDB({
    memoryLimit: '256MB',
    threads: 1,
    tempDirectory: path.join(dir, 'spill'),
  });
  try {
    const source = `read_json('${penguinsJson}', format = 'array')`;
    await session.run(`COPY (SELECT * FROM ${source}) TO '${dir}/penguins.csv' (HEADER)`);
    await session.run(`COPY (SELECT * FROM ${source}) TO '${dir}/penguins.jsonl' (FORMAT json)`);
    await session.run(
      `COPY (SELECT * FROM ${source}) TO '${dir}/penguins.parquet' (FORMAT parquet)`,
    );
  } finally {
    session.close();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.env.AISTUDIO_TEST_DB === 'postgres')('aistudio train', () => {
  it.each(['csv', 'jsonl', 'parquet'])(
    'trains a GBDT on penguins from %s to >= 0.95 held-out accuracy and prints only JSON',
    async (format) => {
      const out = path.join(dir, `model-${format}.json`);
      const result = await train(
        [`penguins.${format}`, '--target', 'Species', '--json', '--out', out],
        dir,
      );
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report).toMatchObject({
        format,
        rows: 344,
        target: 'Species',
        task: 'multiclass',
        // Detected, not forced: the report says why the target is three classes.
        taskReason: 'categorical target with 3 classes',
        algorithm: 'gbdt',
        seed: 0,
        split: { holdout: 0.2, stratified: true },
        outputs: { model: out, onnx: null },
      });
      expect(report.split.trainRows + report.split.testRows).toBe(344);
      expect(report.split.testRows).toBe(69);
      expect(report.features).toHaveLength(6);
      expect(report.metrics.accuracy).toBeGreaterThanOrEqual(0.95);
      expect(report.evaluation.classification.labels).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
      expect(result.stderr).toContain(`Read penguins.${format}: ${format}, 344 rows, 7 columns`);
    },
    SLOW,
  );

  it(
    'writes a model that the engine loads and predicts with, and an ONNX file',
    async () => {
      const result = await train(
        ['penguins.csv', '--target', 'Species', '--out', 'm.json', '--onnx', 'm.onnx'],
        dir,
      );
      expect(result.code, result.stderr).toBe(0);
      const model = JSON.parse(readFileSync(path.join(dir, 'm.json'), 'utf8')) as TrainedModel;
      expect(model.format).toBe('aistudio.model');
      const { labels } = predict(model, Table.fromRecords(penguins));
      const correct = labels!.filter((label, i) => label === penguins[i]!.Species).length;
      expect(correct / penguins.length).toBeGreaterThanOrEqual(0.95);
      const onnx = readFileSync(path.join(dir, 'm.onnx'));
      expect(onnx.length).toBeGreaterThan(1000);
      // Written atomically: no temp file is left beside the outputs.
      expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    },
    SLOW,
  );

  it(
    'prints the metrics as an aligned table and plain progress lines off a terminal',
    async () => {
      const result = await train(['penguins.csv', '--target', 'Species', '--seed', '3'], dir);
      expect(result.code, result.stderr).toBe(0);
      const lines = result.stdout.split('\n');
      const header = lines.findIndex((line) => /^metric\s+value$/.test(line));
      expect(header).toBeGreaterThan(-1);
      const accuracy = lines.find((line) => line.startsWith('accuracy '))!;
      // Values are right-aligned under the header's last column.
      expect(accuracy.length).toBe(lines[header]!.length);
      expect(Number(accuracy.split(/\s+/)[1])).toBeGreaterThanOrEqual(0.95);
      expect(result.stdout).toMatch(/^Adelie\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+\d+$/m);
      expect(result.stderr).toMatch(/^gbdt {2}100\/100 {2}loss /m);
      expect(result.stderr).not.toContain('\r');
    },
    SLOW,
  );

  it(
    'trains a regression with the linear model and reports its error metrics',
    async () => {
      const result = await train(
        ['penguins.parquet', '--target', 'Body Mass (g)', '--algorithm', 'linear', '--json'],
        dir,
      );
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.task).toBe('regression');
      expect(report.split.stratified).toBe(false);
      expect(report.metrics.r2).toBeGreaterThan(0.7);
      expect(report.metrics.rmse).toBeGreaterThan(0);
    },
    SLOW,
  );

  it(
    'searches with AutoML within the time budget and reports the leaderboard',
    async () => {
      const result = await train(
        [
          'penguins.csv',
          '--target',
          'Species',
          '--algorithm',
          'auto',
          '--time-budget',
          '4s',
          '--json',
        ],
        dir,
      );
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.requestedAlgorithm).toBe('auto');
      expect(['gbdt', 'linear', 'forest', 'mlp']).toContain(report.algorithm);
      expect(report.automl.trials.length).toBeGreaterThan(0);
      expect(report.automl.trials[0]).toMatchObject({ rank: 1, status: 'complete' });
      expect(report.metrics.accuracy).toBeGreaterThanOrEqual(0.95);
      expect(result.stderr).toMatch(/^trial 1: \w+/m);
    },
    SLOW,
  );

  it(
    'stops on Ctrl-C between iterations with exit code 130',
    async () => {
      const child = spawn(
        process.execPath,
        [bin, 'train', 'penguins.csv', '--target', 'Species', '--param', 'nIter=100000'],
        { cwd: dir, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      await new Promise<void>((resolve) =>
        child.stderr.on('data', (chunk) => {
          stderr += chunk;
          // Training has started once the file is read.
          if (stderr.includes('Read penguins.csv')) resolve();
        }),
      );
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(stderr.trimEnd().split('\n').at(-1)).toBe('aistudio train: interrupted');
    },
    SLOW,
  );

  describe('bad input', { timeout: SLOW }, () => {
    it('names a target column the file does not have', async () => {
      expectOneLineError(
        await train(['penguins.csv', '--target', 'species'], dir),
        1,
        /--target: penguins\.csv has no column "species" \(it has "Species", /,
      );
    });

    it('refuses a constant target', async () => {
      writeFileSync(path.join(dir, 'constant.csv'), 'x,y\n1,5\n2,5\n3,5\n4,5\n');
      expectOneLineError(
        await train(['constant.csv', '--target', 'y'], dir),
        1,
        /y: has a single class \(5\)/,
      );
      expectOneLineError(
        await train(['constant.csv', '--target', 'y', '--task', 'regression'], dir),
        1,
        /"y" is constant \(5\); there is nothing to learn/,
      );
    });

    it('refuses an unknown or out-of-range parameter before training', async () => {
      expectOneLineError(
        await train(['penguins.csv', '--target', 'Species', '--param', 'nIter=0'], dir),
        2,
        /--param nIter: /,
      );
      expectOneLineError(
        await train(['penguins.csv', '--target', 'Species', '--param', 'depth=3'], dir),
        2,
        /--param depth: is not a GBDT parameter/,
      );
      expectOneLineError(
        await train(['penguins.csv', '--target', 'Species', '--holdout', '1.5'], dir),
        2,
        /--holdout must be a fraction between 0 and 1/,
      );
    });

    it('says why a file cannot be read', async () => {
      expectOneLineError(
        await train(['missing.csv', '--target', 'y'], dir),
        1,
        /cannot read missing\.csv: no such file/,
      );
      writeFileSync(path.join(dir, 'binary.bin'), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]));
      expectOneLineError(
        await train(['binary.bin', '--target', 'y'], dir),
        1,
        /binary\.bin: gzip-compressed file/,
      );
      writeFileSync(path.join(dir, 'ragged.csv'), 'a,b,c\n1,2,3\n4,5\n6,7,8\n');
      expectOneLineError(
        await train(['ragged.csv', '--target', 'c'], dir),
        1,
        /ragged\.csv: line 3/,
      );
    });

    it('stops a training that overruns --time-budget, and names an output it cannot write', async () => {
      expectOneLineError(
        await train(
          ['penguins.csv', '--target', 'Species', '--algorithm', 'mlp'].concat([
            '--param',
            'maxEpochs=1000000',
            // Never "converged": without this a quiet machine finishes within the budget.
            '--param',
            'nIterNoChange=1000000',
            '--time-budget',
            '1s',
          ]),
          dir,
        ),
        1,
        /--time-budget 1\.0s ran out after \d+ iteration\(s\)/,
      );
      expectOneLineError(
        await train(['penguins.csv', '--target', 'Species', '--out', 'no/such/dir/m.json'], dir),
        1,
        /--out: cannot write .*no\/such\/dir\/m\.json: no such file or directory$/,
      );
    });

    it('exits 2 on an unknown flag and writes no model on failure', async () => {
      expectOneLineError(
        await train(['penguins.csv', '--target', 'Species', '--frobnicate'], dir),
        2,
        /Unknown option '--frobnicate'/,
      );
      const out = path.join(dir, 'never.json');
      await train(['penguins.csv', '--target', 'Nope', '--out', out], dir);
      expect(() => statSync(out)).toThrow();
    });
  });
});
