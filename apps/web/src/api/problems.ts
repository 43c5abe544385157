import { ApiError } from '@aistudio/sdk';

/** The message to show for a failed call: the server's problem detail when there is one. */
export function problemDetail(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

export function problemStatus(error: unknown): number | null {
  return error instanceof ApiError ? error.status : null;
}

/** Maps `errors[].field` such as `body.email` to `{ email: message }` for the form's fields. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.problem.errors) return {};
  const byField: Record<string, string> = {};
  for (const { field, message } of error.problem.errors) {
    const name = field.replace(/^(body|query|params)\./, '');
    byField[name] ??= message;
  }
  return byField;
}
