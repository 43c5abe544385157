import type { SourceFormat } from './source-format.js';
import { IngestError } from './ingest-error.js';

/**
 * Turns a DuckDB read error into an IngestError that says what and where. DuckDB messages quote
 * the offending line and the file path; neither is repeated (a line can be 100 MB, a path is ours).
 */
export function translateReadError(error: unknown, format: SourceFormat): IngestError {
  if (error instanceof IngestError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const line = numberAfter(message, /CSV Error on Line: (\d+)/);

  const fields = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  if (fields && line !== undefined) {
    return new IngestError(
      'ragged_rows',
      `line ${line}: ${fields[2]} field${fields[2] === '1' ? '' : 's'}, expected ${fields[1]}`,
      {
        line,
      },
    );
  }
  const tooLong = /Maximum line size of (\d+) bytes exceeded/.exec(message);
  if (tooLong) {
    return new IngestError(
      'line_too_long',
      `line ${line ?? '?'}: longer than the limit of ${tooLong[1]} bytes`,
      line === undefined ? {} : { line },
    );
  }
  if (/Invalid unicode/i.test(message)) {
    return new IngestError(
      'encoding',
      `line ${line ?? '?'}: invalid UTF-8 byte sequence (the start of the file read as UTF-8; save the file as UTF-8)`,
      line === undefined ? {} : { line },
    );
  }
  if (/unterminated quote/.test(message)) {
    return new IngestError(
      'malformed_csv',
      `line ${line ?? '?'}: a quoted value is never closed (a stray " in the data?)`,
      line === undefined ? {} : { line },
    );
  }
  const conversion = /converting column "(.*?)"\. Could not convert string "(.{0,80})/.exec(
    message,
  );
  if (conversion) {
    const value = conversion[2]!.replace(/" to '.*$/, '');
    return new IngestError(
      'type_conversion',
      `line ${line ?? '?'}, column "${conversion[1]}": cannot read "${value}" as the column's type`,
      { ...(line === undefined ? {} : { line }), column: conversion[1]! },
    );
  }
  const json = /Malformed JSON .*?at byte (\d+) in line (\d+): ([^\n]*)/.exec(message);
  if (json) {
    const jsonLine = Number(json[2]);
    return new IngestError(
      'malformed_json',
      `line ${jsonLine}, byte ${json[1]}: malformed JSON (${json[3]!.split('.')[0]!.trim()})`,
      { line: jsonLine },
    );
  }
  if (/expected records|Expected top-level JSON array/.test(message)) {
    return new IngestError(
      'not_records',
      format === 'json'
        ? 'JSON must be an array of objects (records); found values that are not objects'
        : 'JSON lines must each hold one object (record); found values that are not objects',
    );
  }
  if (format === 'parquet') {
    return new IngestError('corrupt_parquet', `corrupt Parquet file: ${firstLine(message)}`);
  }
  if (line !== undefined && format === 'csv') {
    // DuckDB quotes the offending line before its reason; neither is repeated here.
    return new IngestError('malformed_csv', `line ${line}: not valid CSV in the detected dialect`, {
      line,
    });
  }
  return new IngestError(
    'read_failed',
    `cannot read the ${format.toUpperCase()} file: ${firstLine(message)}`,
  );
}

function numberAfter(message: string, pattern: RegExp): number | undefined {
  const match = pattern.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** The first line without DuckDB's error-class prefix or our temp file paths, kept short. */
function firstLine(message: string): string {
  return message
    .split('\n')[0]!
    .replace(/^[A-Za-z ]*Error: /, '')
    .replace(/(in file |file )?["']\/[^"']*["']/g, '')
    .trim()
    .slice(0, 300);
}
