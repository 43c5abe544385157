import type { UploadAccepted } from '@aistudio/contracts';
import { unwrap } from '@aistudio/sdk';
import { currentCsrfToken } from './client';
import {
  RESUMABLE_THRESHOLD_BYTES,
  ResumableUpload,
  tusTransport,
} from './dataset-upload-resumable';

export interface UploadFields {
  file: File;
  license: string;
  /** The version of the attestation statement the user accepted. */
  attestation: number;
  /** Only for a new dataset; a new version belongs to its dataset's name. */
  name?: string;
  description?: string;
  /** datapackage.json, a dataset card or a LICENSE: the server reads the licence from them too. */
  metadata?: readonly File[];
}

/** Progress as a share of the file; `retryingInMs` while a network error is being waited out. */
export type UploadProgressListener = (share: number, retryingInMs?: number | null) => void;

export type UploadTarget = { projectId: string } | { datasetId: string };

export function uploadUrl(target: UploadTarget): string {
  return 'projectId' in target
    ? `/api/v1/projects/${target.projectId}/datasets`
    : `/api/v1/datasets/${target.datasetId}/versions`;
}

/**
 * The multipart body, `file` last: the server reads the fields before it streams the file. A
 * resumable upload's finishing request is the same form without the file (its bytes went ahead).
 */
export function uploadFormData(fields: UploadFields, withFile = true): FormData {
  const form = new FormData();
  if (fields.name !== undefined) form.append('name', fields.name);
  if (fields.description !== undefined) form.append('description', fields.description);
  if (fields.license) form.append('license', fields.license);
  form.append('attestation', String(fields.attestation));
  for (const file of fields.metadata ?? []) form.append('metadata', file, file.name);
  if (withFile) form.append('file', fields.file, fields.file.name);
  return form;
}

// One resumable upload per chosen file, so a resume after a pause goes on where it stopped.
const resumableUploads = new WeakMap<File, ResumableUpload>();

/**
 * Uploads a dataset file: in one request when small, resumably (tus, in chunks, retried from the
 * server's offset after a network error) from RESUMABLE_THRESHOLD_BYTES. Aborting `signal` pauses
 * a resumable upload: calling again with the same file resumes it.
 */
export function uploadDataset(
  target: UploadTarget,
  fields: UploadFields,
  options: { onProgress: UploadProgressListener; signal?: AbortSignal },
): Promise<UploadAccepted> {
  if (fields.file.size < RESUMABLE_THRESHOLD_BYTES) {
    return uploadInOneRequest(target, fields, options);
  }
  let upload = resumableUploads.get(fields.file);
  if (!upload) {
    upload = new ResumableUpload(
      fields.file,
      { ...target, filename: fields.file.name },
      () => uploadFormData(fields, false),
      tusTransport,
      {
        onProgress: ({ sentBytes, totalBytes, retryingInMs }) =>
          options.onProgress(sentBytes / totalBytes, retryingInMs),
      },
    );
    resumableUploads.set(fields.file, upload);
  }
  const finished = upload.run(options.signal ?? new AbortController().signal);
  // Only a pause keeps the upload for a resume; after success or failure a new attempt starts afresh.
  const forget = () => {
    if (!options.signal?.aborted) resumableUploads.delete(fields.file);
  };
  void finished.then(forget, forget);
  return finished;
}

/**
 * Uploads with XMLHttpRequest because fetch reports no upload progress; answers like the SDK
 * (the 202 body, or ApiError with the problem) so forms handle both alike.
 */
function uploadInOneRequest(
  target: UploadTarget,
  fields: UploadFields,
  options: { onProgress: UploadProgressListener; signal?: AbortSignal },
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
