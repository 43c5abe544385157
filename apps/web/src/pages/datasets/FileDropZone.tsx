import { FileUp } from 'lucide-react';
import { useId, useRef, useState, type DragEvent } from 'react';
import { cn } from '../../components/ui/class-names';
import { Button } from '../../components/ui/Button';
import { formatBytes } from '../../format/numbers';

interface FileDropZoneProps {
  file: File | null;
  onFile: (file: File) => void;
  error?: string | undefined;
  disabled?: boolean;
}

const ACCEPT = '.csv,.tsv,.txt,.json,.jsonl,.ndjson,.parquet,.arrow,.arrows,.ipc,.feather';

/** Drop a file here or pick one; the input stays in the page (labelled) for keyboards and tests. */
export function FileDropZone({ file, onFile, error, disabled = false }: FileDropZoneProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const id = useId();
  const errorId = `${id}-error`;

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped && !disabled) onFile(dropped);
  };

  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium text-zinc-800">
        Data file
      </label>
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={cn(
          'flex flex-col items-center gap-2 rounded-md border-2 border-dashed px-4 py-6 text-center text-sm',
          dragging ? 'border-zinc-900 bg-zinc-50' : 'border-zinc-300',
          error && 'border-red-400',
        )}
      >
        <FileUp aria-hidden className="size-6 text-zinc-400" />
        {file ? (
          <p>
            <span className="font-medium">{file.name}</span>{' '}
            <span className="text-zinc-500">({formatBytes(file.size)})</span>
          </p>
        ) : (
          <p className="text-zinc-500">Drop a CSV, TSV, JSON, JSONL, Parquet or Arrow file here</p>
        )}
        <Button
          variant="secondary"
          size="sm"
          disabled={disabled}
          onClick={() => inputRef.current?.click()}
        >
          {file ? 'Choose another file' : 'Choose a file'}
        </Button>
        <input
          ref={inputRef}
          id={id}
          type="file"
          accept={ACCEPT}
          className="sr-only"
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            if (chosen) onFile(chosen);
            event.target.value = '';
          }}
        />
      </div>
      {error && (
        <p id={errorId} className="text-xs font-medium text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}

/** The server reads at most five metadata files with an upload. */
const MAX_METADATA_FILES = 5;

interface MetadataFilesFieldProps {
  files: readonly File[];
  onFiles: (files: File[]) => void;
  error?: string | undefined;
  disabled?: boolean;
}

/** Optional datapackage.json, dataset card or LICENSE sent beside the data: the server reads the licence from them. */
export function MetadataFilesField({
  files,
  onFiles,
  error,
  disabled = false,
}: MetadataFilesFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium text-zinc-800">
        Licence files
      </label>
      <input
        id={id}
        type="file"
        multiple
        disabled={disabled}
        className="text-sm text-zinc-700 file:mr-3 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-3 file:py-1 file:text-sm"
        aria-describedby={hintId}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onFiles([...(event.target.files ?? [])].slice(0, MAX_METADATA_FILES))}
      />
      <p id={hintId} className="text-xs text-zinc-500">
        Optional: datapackage.json, a dataset card (README.md with YAML front matter) or a LICENSE
        text, up to {MAX_METADATA_FILES}.{' '}
        {files.length > 0 && `Chosen: ${files.map((file) => file.name).join(', ')}.`}
      </p>
      {error && <p className="text-xs font-medium text-red-600">{error}</p>}
    </div>
  );
}
