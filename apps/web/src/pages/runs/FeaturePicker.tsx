import { Checkbox } from '../../components/ui/Checkbox';
import type { TrainableColumn } from './trainable-columns';

interface FeaturePickerProps {
  columns: readonly TrainableColumn[];
  selected: readonly string[];
  error: string | undefined;
  onChange: (features: string[]) => void;
}

/** Checkboxes of the input columns, with their inferred type. */
export function FeaturePicker({ columns, selected, error, onChange }: FeaturePickerProps) {
  return (
    <fieldset className="flex flex-col gap-1.5">
      <legend className="mb-1.5 text-sm font-medium">Features</legend>
      <div className="grid gap-x-4 gap-y-1.5 sm:grid-cols-2 lg:grid-cols-3">
        {columns.map((c) => (
          <label key={c.name} className="flex items-center gap-1.5 text-sm">
            <Checkbox
              checked={selected.includes(c.name)}
              onChange={(e) =>
                onChange(
                  e.target.checked ? [...selected, c.name] : selected.filter((f) => f !== c.name),
                )
              }
            />
            <span className="truncate">{c.name}</span>
            <span className="text-xs text-zinc-400">{c.type}</span>
          </label>
        ))}
      </div>
      {error && <p className="text-xs font-medium text-red-600">{error}</p>}
    </fieldset>
  );
}
