import { unwrap } from '@aistudio/sdk';
import { currentCsrfToken } from './client';

/**
 * Calls an endpoint the generated SDK does not describe yet (added to the server after the last
 * `npm run sdk:generate`) with the SDK's cookie and CSRF rules, failing with the same ApiError.
 */
export function requestUnlisted<T>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers = new Headers({ accept: 'application/json' });
  const csrf = currentCsrfToken();
  if (method !== 'GET' && csrf) headers.set('x-csrf-token', csrf);
  if (body !== undefined) headers.set('content-type', 'application/json');
  const call = fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  }).then(async (response) => {
    const json: unknown = response.headers.get('content-type')?.includes('json')
      ? await response.json()
      : undefined;
    return response.ok ? { data: json as T, response } : { error: json, response };
  });
  return unwrap<T>(call);
}
