import { randomBytes } from 'node:crypto';
import type { Caller, Reply, TestApp } from './test-app.js';

/** A file part of a multipart body. */
export interface FilePart {
  readonly fileName: string;
  readonly content: string | Buffer;
  readonly contentType?: string;
}

/** Files by part name; a list sends several parts under one name. */
export type FileParts = Readonly<Record<string, FilePart | readonly FilePart[]>>;

/** Encodes text fields and files as multipart/form-data, in the order given. */
export function multipartBody(
  fields: Readonly<Record<string, string>>,
  files: FileParts = {},
): { payload: Buffer; contentType: string } {
  const boundary = `----aistudio${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  const parts = Object.entries(files).flatMap(([name, file]) =>
    (Array.isArray(file) ? file : [file]).map((part: FilePart) => [name, part] as const),
  );
  for (const [name, file] of parts) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.fileName}"\r\n` +
          `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** POSTs a multipart upload as `as`, through the real app. */
export async function postMultipart<T = any>(
  t: TestApp,
  url: string,
  as: Caller,
  fields: Readonly<Record<string, string>>,
  files: FileParts = {},
): Promise<Reply<T>> {
  const { payload, contentType } = multipartBody(fields, files);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (as.cookie) headers.cookie = `aistudio_session=${as.cookie}`;
  if (as.csrf) headers['x-csrf-token'] = as.csrf;
  if (as.apiKey) headers.authorization = `Bearer ${as.apiKey}`;
  const response = await t.app.inject({ method: 'POST', url, headers, payload });
  const body: unknown = response.body ? JSON.parse(response.body) : null;
  return { status: response.statusCode, body, headers: response.headers } as Reply<T>;
}
