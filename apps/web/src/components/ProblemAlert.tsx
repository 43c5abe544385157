import { ApiError } from '@aistudio/sdk';
import { problemDetail, problemStatus } from '../api/problems';
import { Alert } from './ui/Alert';

/**
 * Shows a failed call's problem detail; says plainly when the caller lacks permission. A refusal
 * with a reason of its own (a 403 such as `license_restricted`) keeps the server's title, since
 * "no permission" would send the reader to the wrong fix.
 */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const status = problemStatus(error);
  const specificRefusal =
    error instanceof ApiError && status === 403 && error.problem.code !== 'forbidden';
  const heading =
    title ??
    (specificRefusal
      ? error.problem.title
      : status === 403
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
