import type { ModelVersion } from '@aistudio/contracts';
import { unwrap } from '@aistudio/sdk';
import { api, currentCsrfToken } from '../../api/client';

/** What registering a playground model needs: where, under which name, and its data's licence. */
export interface SaveModelRequest {
  readonly projectId: string;
  readonly name: string;
  readonly license: string;
  readonly onnx: Uint8Array;
  readonly description: string;
  /** Shown on the version: the playground's dataset, algorithm and held-out metrics. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Registers a new model in the project and uploads the browser-trained ONNX file as its first
 * version. The upload is multipart, which the generated client does not send, hence fetch.
 */
export async function saveModelToProject(request: SaveModelRequest): Promise<ModelVersion> {
  const model = await unwrap(
    api.POST('/api/v1/projects/{projectId}/models', {
      params: { path: { projectId: request.projectId } },
      body: { name: request.name },
    }),
  );
  const form = new FormData();
  form.append('license', request.license);
  form.append('description', request.description);
  form.append('tags', JSON.stringify(request.tags));
  form.append(
    'file',
    new Blob([request.onnx as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
    `${request.name}.onnx`,
  );
  const csrf = currentCsrfToken();
  const response = fetch(`/api/v1/models/${encodeURIComponent(model.id)}/versions/onnx`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    body: form,
  });
  return unwrap(
    response.then(async (r) =>
      r.ok
        ? { data: (await r.json()) as ModelVersion, response: r }
        : { error: await r.json(), response: r },
    ),
  );
}
