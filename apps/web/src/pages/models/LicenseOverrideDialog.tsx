import type { ModelVersion } from '@aistudio/contracts';
import { useState, type FormEvent } from 'react';
import { useOverrideLicense } from '../../api/models';
import { fieldErrors } from '../../api/problems';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Textarea } from '../../components/ui/Input';
import { licenseRestrictions } from './license-restriction';

// The API's minimum: a reason an auditor can read later, not "ok".
const MIN_REASON = 10;

interface LicenseOverrideDialogProps {
  modelName: string;
  version: ModelVersion | null;
  onClose: () => void;
}

/** An org admin records why a version may be deployed and exported despite its licence. */
export function LicenseOverrideDialog({ modelName, version, onClose }: LicenseOverrideDialogProps) {
  const [reason, setReason] = useState('');
  const override = useOverrideLicense(version?.modelId ?? '');
  const errors = fieldErrors(override.error);
  const close = () => {
    setReason('');
    override.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!version) return;
    override.mutate({ version: version.version, reason: reason.trim() }, { onSuccess: close });
  };
  return (
    <Dialog
      open={version !== null}
      onClose={close}
      className="max-w-xl"
      title={version ? `Override the licence of ${modelName} v${version.version}` : ''}
      description="Deployment and export are refused because of the training data's licence. Override only when this use is permitted, e.g. by a separate agreement with the data owner."
    >
      {version && (
        <form onSubmit={submit} className="flex flex-col gap-4">
          <LicenseFacts license={version.license} />
          <FormField
            label="Reason"
            error={errors.reason}
            hint="Kept with the version and in the audit log; shown to everyone who sees it."
          >
            {(control) => (
              <Textarea
                {...control}
                required
                autoFocus
                minLength={MIN_REASON}
                maxLength={2000}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            )}
          </FormField>
          {!errors.reason && <ProblemAlert error={override.error} />}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button
              type="submit"
              disabled={override.isPending || reason.trim().length < MIN_REASON}
            >
              {override.isPending ? 'Recording…' : 'Record override'}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

/** The licence as inherited from the training data: ids, restrictions, reasons, attribution. */
function LicenseFacts({ license }: { license: ModelVersion['license'] }) {
  const restrictions = licenseRestrictions(license);
  return (
    <Alert
      variant="warning"
      title={`${license.licenseIds.join(', ')} · ${restrictions.join(', ')}`}
    >
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1" aria-label="Licence facts">
        <dt className="font-medium">Tier</dt>
        <dd>{license.tier}</dd>
        {license.reasons.length > 0 && (
          <>
            <dt className="font-medium">Why</dt>
            <dd>
              <ul className="list-disc pl-4">
                {license.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {license.attribution.length > 0 && (
          <>
            <dt className="font-medium">Attribution</dt>
            <dd>
              <ul className="list-disc pl-4">
                {license.attribution.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {license.shareAlike && (
          <>
            <dt className="font-medium">Share-alike</dt>
            <dd>derived works keep the same licence</dd>
          </>
        )}
      </dl>
    </Alert>
  );
}
