import { FormField } from '../../components/FormField';
import { Checkbox } from '../../components/ui/Checkbox';
import { Input } from '../../components/ui/Input';
import type { ParamControl, ParamValues } from './algorithm-controls';

interface ParamControlsFieldsProps {
  controls: readonly ParamControl[];
  values: ParamValues;
  errors: Readonly<Record<string, string>>;
  onChange: (values: ParamValues) => void;
  disabled?: boolean;
}

/** The algorithm's hyperparameters: empty number fields keep the engine's default (the placeholder). */
export function ParamControlsFields({
  controls,
  values,
  errors,
  onChange,
  disabled,
}: ParamControlsFieldsProps) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {controls.map((control) =>
        typeof control.defaultValue === 'boolean' ? (
          <label key={control.name} className="flex items-start gap-2 text-sm sm:col-span-2">
            <Checkbox
              className="mt-0.5"
              checked={values[control.name] === true}
              disabled={disabled}
              onChange={(event) => onChange({ ...values, [control.name]: event.target.checked })}
            />
            <span className="flex flex-col gap-0.5">
              <span className="font-medium">{control.label}</span>
              <span className="text-xs text-zinc-500">{control.help}</span>
            </span>
          </label>
        ) : (
          <FormField
            key={control.name}
            label={control.label}
            error={errors[control.name]}
            hint={`${control.help} Default ${control.defaultValue ?? 'unlimited'}.`}
          >
            {(field) => (
              <Input
                {...field}
                type="number"
                inputMode="decimal"
                min={control.min}
                max={control.max}
                step={control.step}
                disabled={disabled}
                placeholder={
                  control.defaultValue === null ? 'unlimited' : String(control.defaultValue)
                }
                value={
                  typeof values[control.name] === 'string' ? (values[control.name] as string) : ''
                }
                onChange={(event) => onChange({ ...values, [control.name]: event.target.value })}
              />
            )}
          </FormField>
        ),
      )}
    </div>
  );
}
