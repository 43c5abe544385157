import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { problemDetail } from '../../api/problems';
import { PageHeader } from '../../components/PageHeader';
import { BrandMark } from '../../components/shell/AppShell';
import { Alert } from '../../components/ui/Alert';
import { Skeleton } from '../../components/ui/Skeleton';
import { algorithmChoice } from './algorithm-controls';
import { BUNDLED_DATASETS } from './bundled-datasets';
import { DataSourceCard } from './DataSourceCard';
import { parseTableFile, parseTableText, type ParsedTable } from './parse-table-file';
import { checkSettings, defaultSettings, type PlaygroundSettings } from './playground-settings';
import { TrainingCard } from './TrainingCard';
import { TrainingSettingsCard } from './TrainingSettingsCard';
import { headlineTags, ModelActions } from './ModelActions';
import type { TrainedRun } from './SaveToProjectDialog';
import { useBrowserTraining, type BrowserTraining } from './use-browser-training';

// The charts of a finished model load only when there is one to show.
const EvaluationReportView = lazy(() => import('../../components/charts/EvaluationReportView'));

/** /playground: train on a small table entirely in this browser, no account and no server compute. */
export function PlaygroundPage() {
  const [source, setSource] = useState(BUNDLED_DATASETS[0]!.id);
  const bundled = BUNDLED_DATASETS.find((d) => d.id === source) ?? null;
  const bundledTable = useQuery({
    queryKey: ['playground-dataset', bundled?.url],
    queryFn: () => loadBundled(bundled!.url),
    enabled: bundled !== null,
    staleTime: Infinity, // shipped with the app: it changes only with a new release
  });
  const [own, setOwn] = useState<OwnFile>({
    key: 0,
    table: null,
    file: null,
    error: null,
    reading: false,
  });
  const [edited, setEdited] = useState<{ key: string; settings: PlaygroundSettings } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const training = useBrowserTraining();

  const table = bundled ? (bundledTable.data ?? null) : own.table;
  // Settings belong to one table: another dataset or file starts from its defaults.
  const tableKey = bundled ? bundled.id : `file-${own.key}`;
  const settings =
    edited?.key === tableKey
      ? edited.settings
      : table &&
        defaultSettings(
          table.columns,
          bundled?.target ?? table.columns[table.columns.length - 1]!,
          bundled?.exclude ?? [],
        );
  const loading = bundled ? bundledTable.isPending : own.reading;
  const loadError = bundled ? bundledTable.error && problemDetail(bundledTable.error) : own.error;

  const onFile = (file: File) => {
    setOwn((o) => ({ ...o, reading: true, error: null }));
    parseTableFile(file).then(
      (parsed) =>
        setOwn((o) => ({ key: o.key + 1, table: parsed, file, error: null, reading: false })),
      (error: unknown) =>
        setOwn((o) => ({
          key: o.key + 1,
          table: null,
          file: null,
          error: `${file.name}: ${problemDetail(error)}`,
          reading: false,
        })),
    );
  };

  const onTrain = () => {
    if (!table || !settings) return;
    const checked = checkSettings(settings);
    if (!checked.ok) return setErrors(checked.problems);
    setErrors({});
    training.start({ type: 'start', rows: table.rows, ...checked.value });
  };

  const busy =
    training.phase === 'training' || training.phase === 'paused' || training.phase === 'evaluating';
  const engineError = training.error;
  return (
    <PlaygroundLayout>
      <PageHeader
        title="Playground"
        description="Train a model on a small table right in this browser: watch it learn, pause it, and see how well it does."
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
        <div className="flex flex-col gap-6">
          <DataSourceCard
            source={source}
            onSource={setSource}
            onFile={onFile}
            table={table}
            loading={loading}
            disabled={busy}
          />
          {loadError && (
            <Alert variant="error" title="The data could not be read">
              {loadError}
            </Alert>
          )}
          {table && settings && (
            <TrainingSettingsCard
              columns={table.columns}
              settings={settings}
              errors={errors}
              onChange={(next) => setEdited({ key: tableKey, settings: next })}
              disabled={busy}
            />
          )}
        </div>
        <div className="flex flex-col gap-6">
          <TrainingCard
            phase={training.phase}
            curve={training.curve}
            split={training.split}
            trainingMs={training.trainingMs}
            pausable={settings ? algorithmChoice(settings.algorithm).pausable : false}
            canTrain={table !== null && settings !== null && !loading}
            onTrain={onTrain}
            onPause={training.pause}
            onResume={training.resume}
            onStop={training.stop}
          />
          {engineError && (
            <Alert
              variant="error"
              title={
                engineError.subject ? `Training refused ${engineError.subject}` : 'Training failed'
              }
            >
              {engineError.message}
            </Alert>
          )}
          {training.report && (
            <Suspense fallback={<Skeleton className="h-64 w-full" />}>
              <EvaluationReportView report={training.report} />
            </Suspense>
          )}
          {training.model && training.report && (
            <ModelActions
              model={training.model}
              onnx={training.onnx}
              trained={trainedRun(
                training,
                bundled?.label ?? own.file?.name ?? 'your file',
                bundled?.url ?? own.file?.name ?? 'data',
              )}
              dataFile={() =>
                bundled ? fetchBundledFile(bundled.url) : Promise.resolve(own.file!)
              }
              licenceId={bundled?.licenceId ?? null}
            />
          )}
        </div>
      </div>
    </PlaygroundLayout>
  );
}

interface OwnFile {
  /** Counts files read, so each new file starts from default settings. */
  readonly key: number;
  readonly table: ParsedTable | null;
  /** Kept for "save to a project", which uploads the file as it is. */
  readonly file: File | null;
  readonly error: string | null;
  readonly reading: boolean;
}

/** What saving the finished training sends besides the data and the dialog's answers. */
function trainedRun(
  training: BrowserTraining,
  datasetLabel: string,
  fileName: string,
): TrainedRun | null {
  const { model, report, trainedWith } = training;
  if (!model || !report || !trainedWith) return null;
  return {
    model,
    // The form builds params from its controls: numbers, booleans, strings and layer sizes.
    params: (trainedWith.spec.params ?? {}) as TrainedRun['params'],
    testFraction: trainedWith.testFraction,
    seed: trainedWith.spec.seed ?? 0,
    curve: training.curve,
    trainingMs: training.trainingMs,
    datasetName: datasetNameOf(fileName),
    description: `Trained in the browser playground on ${datasetLabel} (${model.training.rows} rows).`,
    tags: { dataset: datasetLabel, ...headlineTags(report) },
  };
}

/** A dataset name from the file's name: "penguins" for /datasets/penguins.json. */
function datasetNameOf(fileName: string): string {
  const stem = fileName
    .split('/')
    .pop()!
    .replace(/\.[a-z0-9]+$/i, '');
  return (
    stem
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'playground-data'
  );
}

async function fetchBundledFile(url: string): Promise<File> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return new File([await response.blob()], url.split('/').pop()!);
}

async function loadBundled(url: string): Promise<ParsedTable> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return parseTableText(await response.text(), url);
}

/** A bare frame: the playground needs no account, so it has no organization navigation. */
function PlaygroundLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-20 flex h-14 items-center gap-3 border-b border-zinc-200 bg-white px-4">
        <Link
          to="/"
          className="rounded-md focus-visible:ring-2 focus-visible:ring-zinc-950 focus-visible:outline-none"
        >
          <BrandMark />
        </Link>
        <span aria-hidden className="text-zinc-300">
          /
        </span>
        <span className="text-sm font-medium">Playground</span>
      </header>
      <main id="main" className="min-w-0 flex-1 px-6 py-8 lg:px-10">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
