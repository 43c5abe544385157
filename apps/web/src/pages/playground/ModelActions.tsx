import type { EvaluationReport, TrainedModel } from '@aistudio/engine';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { SaveModelDialog } from './SaveModelDialog';
import type { BrowserTraining } from './use-browser-training';

interface ModelActionsProps {
  model: TrainedModel;
  onnx: BrowserTraining['onnx'];
  datasetLabel: string;
  licenceId: string | null;
  metrics: Record<string, string>;
}

/** Download the model as engine JSON, or register it (as ONNX) in a project. */
export function ModelActions({ model, onnx, datasetLabel, licenceId, metrics }: ModelActionsProps) {
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
      <Button disabled={!onnx?.bytes} onClick={() => setSaving(true)}>
        Save to a project…
      </Button>
      {/* Mounted only when asked for: until then the playground makes no server calls. */}
      {onnx?.bytes && saving && (
        <SaveModelDialog
          open
          onClose={() => setSaving(false)}
          onnx={onnx.bytes}
          defaultName={`playground-${model.target.name}-${model.algorithm}`
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')}
          defaultLicense={licenceId}
          description={`Trained in the browser playground on ${datasetLabel} (${model.training.rows} rows).`}
          tags={{
            source: 'playground',
            dataset: datasetLabel,
            algorithm: model.algorithm,
            ...metrics,
          }}
        />
      )}
    </div>
  );
}

/** The held-out metrics a saved version carries as tags. */
export function headlineTags(report: EvaluationReport): Record<string, string> {
  const c = report.classification;
  const r = report.regression;
  const values = c ? { accuracy: c.accuracy, log_loss: c.logLoss } : { rmse: r?.rmse, r2: r?.r2 };
  return Object.fromEntries(
    Object.entries(values).flatMap(([k, v]) => (typeof v === 'number' ? [[k, String(v)]] : [])),
  );
}
