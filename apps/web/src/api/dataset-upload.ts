import type { UploadAccepted } from '@aistudio/contracts';
import { unwrap } from '@aistudio/sdk';
import { currentCsrfToken } from './client';

export interface UploadFields {
  file: File;
  license: string;
  /** The version of the attestation statement the user accepted. */
  attestation: number;
  /** Only for a new dataset; a new version belongs to its dataset's name. */
  name?: string;
  description?: string;
}

export type UploadTarget = { projectId: string } | { datasetId: string };

export function uploadUrl(target: UploadTarget): string {
  return 'projectId' in target
    ? `/api/v1/projects/${target.projectId}/datasets`
    : `/api/v1/datasets/${target.datasetId}/versions`;
}

/** The multipart body, `file` last: the server reads the fields before it streams the file. */
export function uploadFormData(fields: UploadFields): FormData {
  const form = new FormData();
  if (fields.name !== undefined) form.append('name', fields.name);
  if (fields.description !== undefined) form.append('description', fields.description);
  form.append('license', fields.license);
  form.append('attestation', String(fields.attestation));
  form.append('file', fields.file, fields.file.name);
  return form;
}

/**
 * Uploads with XMLHttpRequest because fetch reports no upload progress; answers like the SDK
 * (the 202 body, or ApiError with the problem) so forms handle both alike.
 */
export function uploadDataset(
  target: UploadTarget,
  fields: UploadFields,
  options: { onProgress: (share: number) => void; signal?: AbortSignal },
): Promise<UploadAccepted> {
  return new Promise<UploadAccepted>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', uploadUrl(target));
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    const csrf = currentCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const response = new Response(xhr.responseText || null, {
        status: xhr.status,
        statusText: xhr.statusText,
        headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' },
      });
      const body = parseJson(xhr.responseText);
      const answer = response.ok
        ? { data: body as UploadAccepted, response }
        : { error: body, response };
      unwrap(Promise.resolve(answer)).then(resolve, reject);
    };
    // The server may close the connection mid-file (e.g. past the size limit) before answering.
    xhr.onerror = () =>
      reject(new Error('The upload was interrupted: check the connection and the file size.'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(uploadFormData(fields));
  });
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
