import { AppError } from '../../../http/errors.js';

/** Why an upload could not be read; stable strings the API and UI can switch on. */
export type IngestFailure =
  | 'empty_file'
  | 'binary_content'
  | 'unsupported_format'
  | 'encoding'
  | 'ragged_rows'
  | 'malformed_csv'
  | 'line_too_long'
  | 'malformed_json'
  | 'not_records'
  | 'corrupt_parquet'
  | 'corrupt_arrow'
  | 'type_conversion'
  | 'no_columns'
  | 'read_failed';

/** Where in the upload the problem is; every field optional because formats differ. */
export interface IngestLocation {
  line?: number;
  byteOffset?: number;
  column?: string;
}

/**
 * An upload that cannot become a dataset version. The message says what and where
 * ("line 1042: 7 fields, expected 9"), so the version can fail with it verbatim.
 */
export class IngestError extends AppError {
  readonly status = 422;
  readonly code = 'ingest_failed';
  readonly title = 'The file cannot be read as a table';
  readonly failure: IngestFailure;
  readonly location: IngestLocation;

  constructor(failure: IngestFailure, detail: string, location: IngestLocation = {}) {
    super(detail);
    this.failure = failure;
    this.location = location;
  }
}
