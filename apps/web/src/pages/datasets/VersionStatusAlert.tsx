import type { DatasetVersion } from '@aistudio/contracts';
import { Alert } from '../../components/ui/Alert';

/** What a version that is not ready is waiting for, or why it stopped. */
export function VersionStatusAlert({ version }: { version: DatasetVersion }) {
  switch (version.status) {
    case 'ready':
      return null;
    case 'processing':
      return (
        <Alert title={`Version ${version.number} is being ingested`}>
          Reading, converting to Parquet, profiling and scanning for personal data. This page
          updates by itself.
        </Alert>
      );
    case 'review':
      return (
        <Alert variant="warning" title={`Version ${version.number} waits for an admin review`}>
          {version.review?.reason ?? 'An organization admin decides whether it may be used.'}
        </Alert>
      );
    case 'rejected':
      return (
        <Alert variant="error" title={`Version ${version.number} was rejected`}>
          {version.review?.decisionReason ?? version.error ?? 'It may not be used.'}
        </Alert>
      );
    case 'failed':
      return (
        <Alert variant="error" title={`Version ${version.number} could not be ingested`}>
          {version.error ?? 'Ingest failed.'}
        </Alert>
      );
  }
}
