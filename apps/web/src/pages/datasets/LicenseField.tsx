import type { LicenseOption, LicenseTier } from '@aistudio/contracts';
import { FormField } from '../../components/FormField';
import { Select } from '../../components/ui/Select';
import { LicenseTierBadge } from './VersionStatusBadge';

const tierGroups: { tier: LicenseTier; label: string }[] = [
  { tier: 'allowed', label: 'Allowed' },
  { tier: 'review', label: 'Allowed after an admin review' },
  { tier: 'prohibited', label: 'Not accepted' },
];

interface LicenseFieldProps {
  licenses: LicenseOption[];
  value: string;
  onChange: (id: string) => void;
  error?: string | undefined;
  disabled?: boolean;
}

/** The licence the data is provided under, grouped by tier, with why the tier applies. */
export function LicenseField({ licenses, value, onChange, error, disabled }: LicenseFieldProps) {
  const chosen = licenses.find((license) => license.id === value);
  return (
    <FormField
      label="Licence"
      error={error}
      hint={
        chosen ? (
          <span className="flex items-start gap-2">
            <LicenseTierBadge tier={chosen.tier} />
            <span>{chosen.reason}</span>
          </span>
        ) : (
          'What the data is provided under; it decides whether the data may be used.'
        )
      }
    >
      {(control) => (
        <Select
          {...control}
          required
          disabled={disabled}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        >
          <option value="" disabled>
            Choose a licence…
          </option>
          {tierGroups.map(({ tier, label }) => (
            <optgroup key={tier} label={label}>
              {licenses
                .filter((license) => license.tier === tier)
                .map((license) => (
                  <option key={license.id} value={license.id}>
                    {license.name === license.id ? license.id : `${license.name} (${license.id})`}
                  </option>
                ))}
            </optgroup>
          ))}
        </Select>
      )}
    </FormField>
  );
}
