import { useNavigate, useSearchParams } from 'react-router';
import { useAcceptInvitation } from '../../api/invitations';
import { AuthCard } from '../../components/AuthCard';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';

/** A signed-in user joins the organization an invitation link points to. */
export function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  const accept = useAcceptInvitation();
  const navigate = useNavigate();

  if (!token) {
    return (
      <AuthCard title="Invitation">
        <Alert variant="error" title="This link has no invitation token">
          Open the full link you were sent.
        </Alert>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Join organization" description="Accept the invitation to join its projects.">
      <div className="flex flex-col gap-4">
        <ProblemAlert error={accept.error} />
        <Button
          disabled={accept.isPending}
          onClick={() =>
            accept.mutate(token, { onSuccess: (org) => void navigate(`/orgs/${org.id}/projects`) })
          }
        >
          {accept.isPending ? 'Joining…' : 'Accept invitation'}
        </Button>
        <Button variant="ghost" onClick={() => void navigate('/')}>
          Not now
        </Button>
      </div>
    </AuthCard>
  );
}
