import { Link } from 'react-router';
import { canManageOrg } from '../../api/org-roles';
import { useOrg } from '../../api/orgs';
import { useProject } from '../../api/projects';
import { Alert } from '../../components/ui/Alert';
import { licenseRefusal } from './license-restriction';

interface LicenseRestrictedAlertProps {
  /** The failed deploy or export; nothing shows unless the licence refused it. */
  error: unknown;
  projectId: string;
  /** The models the refused call used: where an admin goes to override. */
  models: readonly { id: string; name: string }[];
}

/**
 * Why the training data's licence refused a deployment or export, and the way out: org admins
 * get links to the versions where they can record an override; others are told whom to ask.
 */
export function LicenseRestrictedAlert({ error, projectId, models }: LicenseRestrictedAlertProps) {
  const refusal = licenseRefusal(error);
  const project = useProject(refusal ? projectId : '');
  const org = useOrg(project.data?.orgId ?? '');
  if (!refusal) return null;
  return (
    <Alert variant="error" title="Forbidden by the licence of the training data">
      <p>{refusal}</p>
      {canManageOrg(org.data?.role) ? (
        <p className="mt-1">
          As an org admin you may allow it, with a reason, if this use is permitted: “Override
          licence…” on the versions of{' '}
          {models.map((model, i) => (
            <span key={model.id}>
              {i > 0 && ', '}
              <Link to={`/models/${model.id}?tab=versions`} className="font-medium underline">
                {model.name}
              </Link>
            </span>
          ))}
          .
        </p>
      ) : (
        <p className="mt-1">
          An org admin can allow it by recording an override with a reason, if this use is
          permitted.
        </p>
      )}
    </Alert>
  );
}
