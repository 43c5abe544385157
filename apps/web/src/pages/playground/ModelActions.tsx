import type { EvaluationReport, TrainedModel } from '@aistudio/engine';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { SaveToProjectDialog, type TrainedRun } from './SaveToProjectDialog';
import type { BrowserTraining } from './use-browser-training';

interface ModelActionsProps {
  model: TrainedModel;
  onnx: BrowserTraining['onnx'];
  /** What saving needs of the training besides the model; null while it cannot be saved. */
  trained: TrainedRun | null;
  dataFile: () => Promise<File>;
  licenceId: string | null;
}

/** Download the model as engine JSON, or save the run, its data and the model to a project. */
export function ModelActions({ model, onnx, trained, dataFile, licenceId }: ModelActionsProps) {
  const [saving, setSaving] = useState(false);
  const download = () => {
    const url = URL.createObjectURL(
      new Blob([JSON.stringify(model)], { type: 'application/json' }),
    );
    const link = document.createElement('a');
    link.href = url;
    link.download = 'model.json';
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      {onnx?.error && <p className="text-xs text-zinc-500">No ONNX export: {onnx.error}</p>}
      <Button variant="secondary" onClick={download}>
        Download model (JSON)
      </Button>
      <Button disabled={!trained} onClick={() => setSaving(true)}>
        Save to a project…
      </Button>
      {/* Mounted only when asked for: until then the playground makes no server calls. */}
      {trained && saving && (
        <SaveToProjectDialog
          open
          onClose={() => setSaving(false)}
          trained={trained}
          dataFile={dataFile}
          defaultName={`playground-${model.target.name}-${model.algorithm}`
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')}
          defaultLicense={licenceId}
        />
      )}
    </div>
  );
}

/** The held-out metrics a saved run and model version carry as tags. */
export function headlineTags(report: EvaluationReport): Record<string, string> {
  const c = report.classification;
  const r = report.regression;
  const values = c ? { accuracy: c.accuracy, log_loss: c.logLoss } : { rmse: r?.rmse, r2: r?.r2 };
  return Object.fromEntries(
    Object.entries(values).flatMap(([k, v]) => (typeof v === 'number' ? [[k, String(v)]] : [])),
  );
}
