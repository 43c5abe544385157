import { fieldErrors, problemDetail, problemStatus } from '../../api/problems';

/** Field errors of a failed upload; a 413 (file over the limit) belongs to the file field. */
export function uploadErrors(error: unknown): Record<string, string> {
  const errors = fieldErrors(error);
  if (problemStatus(error) === 413) errors.file ??= problemDetail(error);
  return errors;
}

/** A new dataset's default name: its file's name without the extension, as the server does. */
export function baseName(fileName: string): string {
  return fileName.replace(/\.[A-Za-z0-9]{1,8}$/, '').slice(0, 100);
}
