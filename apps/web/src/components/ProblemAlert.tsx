import { problemDetail, problemStatus } from '../api/problems';
import { Alert } from './ui/Alert';

/** Shows a failed call's problem detail; says plainly when the caller lacks permission. */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const status = problemStatus(error);
  const heading =
    title ??
    (status === 403
      ? 'You do not have permission to do this'
      : status === 404
        ? 'Not found'
        : 'Something went wrong');
  return (
    <Alert variant="error" title={heading}>
      {problemDetail(error)}
    </Alert>
  );
}
