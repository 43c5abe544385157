import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { UploadTarget } from '../../api/dataset-upload';
import { RESUMABLE_THRESHOLD_BYTES } from '../../api/dataset-upload-resumable';
import { useAttestation, useLicenses, useUploadDataset } from '../../api/datasets';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Checkbox } from '../../components/ui/Checkbox';
import { Dialog } from '../../components/ui/Dialog';
import { Input, Textarea } from '../../components/ui/Input';
import { Skeleton } from '../../components/ui/Skeleton';
import { FileDropZone, MetadataFilesField } from './FileDropZone';
import { LicenseField } from './LicenseField';
import { baseName, uploadErrors } from './upload-form';
import { UploadProgress, type UploadProgressState } from './UploadProgress';

interface UploadDatasetDialogProps {
  /** A project: upload a new dataset; a dataset: upload its next version. */
  target: UploadTarget;
  open: boolean;
  onClose: () => void;
}

const initialForm = { name: '', description: '', license: '', attested: false };

/** The state a dataset page reads to say the bytes were already stored. */
export interface UploadedState {
  duplicateOf: { datasetId: string; versionId: string } | null;
}

export function UploadDatasetDialog({ target, open, onClose }: UploadDatasetDialogProps) {
  const isNewDataset = 'projectId' in target;
  const [form, setForm] = useState(initialForm);
  const [file, setFile] = useState<File | null>(null);
  const [metadata, setMetadata] = useState<File[]>([]);
  const [progress, setProgress] = useState<UploadProgressState | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const licenses = useLicenses();
  const attestation = useAttestation();
  const upload = useUploadDataset(target);
  const navigate = useNavigate();
  const errors = uploadErrors(upload.error);

  const close = () => {
    abortRef.current?.abort();
    setForm(initialForm);
    setFile(null);
    setMetadata([]);
    setProgress(null);
    upload.reset();
    onClose();
  };

  const chooseFile = (chosen: File) => {
    setFile(chosen);
    // A new dataset is named after its first file unless the user typed a name.
    if (isNewDataset && !form.name) setForm({ ...form, name: baseName(chosen.name) });
  };

  // Large files go up resumably: a pause (or a dropped connection) loses at most one chunk.
  const resumable = file !== null && file.size >= RESUMABLE_THRESHOLD_BYTES;

  const pause = () => {
    abortRef.current?.abort();
    setProgress((current) => current && { ...current, paused: true, retryingInMs: null });
  };

  const start = () => {
    if (!file || !attestation.data) return;
    const controller = new AbortController();
    abortRef.current = controller;
    setProgress((current) => ({ share: current?.share ?? 0, retryingInMs: null, paused: false }));
    upload.mutate(
      {
        fields: {
          file,
          license: form.license,
          attestation: attestation.data.version,
          metadata,
          ...(isNewDataset ? { name: form.name.trim(), description: form.description } : {}),
        },
        onProgress: (share: number, retryingInMs?: number | null) =>
          setProgress({ share, retryingInMs: retryingInMs ?? null, paused: false }),
        signal: controller.signal,
      },
      {
        onSuccess: (accepted) => {
          abortRef.current = null;
          close();
          const state: UploadedState = { duplicateOf: accepted.duplicateOf };
          void navigate(`/datasets/${accepted.dataset.id}?version=${accepted.version.id}`, {
            state,
          });
        },
        onError: () => {
          // A pause is not a failure: keep the bar where it stopped and offer to resume.
          if (controller.signal.aborted) upload.reset();
          else setProgress(null);
        },
      },
    );
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start();
  };

  const loading = licenses.isPending || attestation.isPending;
  const busy = upload.isPending || progress?.paused === true;
  const ready =
    file !== null && form.license !== '' && form.attested && (!isNewDataset || form.name.trim());

  return (
    <Dialog
      open={open}
      onClose={close}
      title={isNewDataset ? 'Upload dataset' : 'Upload new version'}
      description="The file is stored as uploaded and converted to Parquet; its profile follows."
    >
      {loading ? (
        <div className="flex flex-col gap-3" role="status" aria-label="Loading">
          <Skeleton className="h-24 w-full" />
          <Skeleton className="h-9 w-full" />
        </div>
      ) : licenses.isError || attestation.isError ? (
        <ProblemAlert error={licenses.error ?? attestation.error} />
      ) : (
        <form onSubmit={submit} className="flex flex-col gap-4">
          <FileDropZone file={file} onFile={chooseFile} error={errors.file} disabled={busy} />
          {isNewDataset && (
            <>
              <FormField
                label="Dataset name"
                error={errors.name}
                hint="Also its table name in SQL."
              >
                {(control) => (
                  <Input
                    {...control}
                    required
                    maxLength={100}
                    disabled={busy}
                    value={form.name}
                    onChange={(e) => setForm({ ...form, name: e.target.value })}
                  />
                )}
              </FormField>
              <FormField label="Description" error={errors.description} hint="Optional.">
                {(control) => (
                  <Textarea
                    {...control}
                    maxLength={2000}
                    disabled={busy}
                    value={form.description}
                    onChange={(e) => setForm({ ...form, description: e.target.value })}
                  />
                )}
              </FormField>
            </>
          )}
          <LicenseField
            licenses={licenses.data}
            value={form.license}
            onChange={(license) => setForm({ ...form, license })}
            error={errors.license}
            disabled={busy}
          />
          <MetadataFilesField
            files={metadata}
            onFiles={setMetadata}
            error={errors.metadata}
            disabled={busy}
          />
          <div className="flex flex-col gap-1">
            <label className="flex items-start gap-2.5 rounded-md border border-zinc-200 bg-zinc-50 p-3 text-sm">
              <Checkbox
                className="mt-0.5"
                required
                disabled={busy}
                checked={form.attested}
                onChange={(e) => setForm({ ...form, attested: e.target.checked })}
                aria-invalid={errors.attestation ? true : undefined}
              />
              <span className="text-zinc-700">{attestation.data.text}</span>
            </label>
            {errors.attestation && (
              <p className="text-xs font-medium text-red-600">{errors.attestation}</p>
            )}
          </div>
          {progress !== null && <UploadProgress {...progress} />}
          {Object.keys(errors).length === 0 && <ProblemAlert error={upload.error} />}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            {resumable && upload.isPending && (
              <Button variant="secondary" onClick={pause}>
                Pause
              </Button>
            )}
            {progress?.paused ? (
              <Button onClick={start}>Resume</Button>
            ) : (
              <Button type="submit" disabled={busy || !ready}>
                {busy ? 'Uploading…' : 'Upload'}
              </Button>
            )}
          </div>
        </form>
      )}
    </Dialog>
  );
}
