import type { ModelVersion } from '@aistudio/contracts';
import { Download } from 'lucide-react';
import type { ExportFormat } from '../../api/models';
import { DropdownMenu, MenuItem } from '../../components/ui/DropdownMenu';

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'json', label: 'Engine JSON' },
  { format: 'onnx', label: 'ONNX' },
  { format: 'bundle', label: 'Browser bundle (zip)' },
];

/** The export formats of one version; the caller fetches the file and reports a refusal. */
export function ExportMenu(props: {
  version: ModelVersion;
  onExport: (format: ExportFormat) => void;
}) {
  const { version, onExport } = props;
  if (version.status !== 'ready') return null;
  return (
    <DropdownMenu
      align="end"
      triggerLabel={`Export v${version.version}`}
      trigger={
        <>
          <Download aria-hidden className="size-4" /> Export
        </>
      }
    >
      {FORMATS.map(({ format, label }) => (
        <MenuItem key={format} onSelect={() => onExport(format)}>
          {label}
        </MenuItem>
      ))}
    </DropdownMenu>
  );
}

/** Hands a fetched file to the browser as a download. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}
