/** The ingest job's kind and payload, apart from its handler so producers of versions need only this. */
export const INGEST_JOB = 'dataset.ingest';

/** Payload of an ingest job (version 1). */
export type IngestPayload = {
  readonly v: 1;
  readonly datasetVersionId: string;
};
