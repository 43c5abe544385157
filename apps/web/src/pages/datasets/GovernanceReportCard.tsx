import type { DatasetVersion } from '@aistudio/contracts';
import type { ReactNode } from 'react';
import type { GovernanceReport } from '../../api/dataset-reports';
import { Badge } from '../../components/ui/Badge';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/Card';
import { formatDateTime } from '../../format/dates';
import { formatCount, formatPercent } from '../../format/numbers';
import { LicenseTierBadge, VersionStatusBadge } from './VersionStatusBadge';

const piiOutcomes = {
  allow: { label: 'allowed', variant: 'green' },
  mask: { label: 'masked into a new version', variant: 'amber' },
  review: { label: 'sent to review', variant: 'amber' },
  block: { label: 'blocked', variant: 'red' },
} as const;

/** Licence, attestation, review outcome and PII findings of one version. */
export function GovernanceReportCard({ version }: { version: DatasetVersion }) {
  const governance = version.governance as GovernanceReport | null;
  const piiColumns = governance?.pii?.columns.filter(
    (column) => Object.keys(column.kinds).length > 0 || column.copyright,
  );
  return (
    <Card aria-label={`Governance of version ${version.number}`}>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          Version {version.number} <VersionStatusBadge status={version.status} />
        </CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-5 text-sm">
        {version.error && (
          <Section
            title={version.status === 'failed' ? 'Why ingest failed' : 'Why it was rejected'}
          >
            <p className="text-red-700">{version.error}</p>
          </Section>
        )}
        <Section title="Licence">
          <p className="flex flex-wrap items-center gap-2">
            <span className="font-mono">{version.license}</span>
            <LicenseTierBadge tier={version.licenseTier} />
          </p>
          {governance?.license && <p className="text-zinc-600">{governance.license.reason}</p>}
        </Section>
        <Section title="Attestation">
          {version.attestation ? (
            <>
              <blockquote className="border-l-2 border-zinc-200 pl-3 text-zinc-600">
                {version.attestation.text}
              </blockquote>
              <p className="text-xs text-zinc-500">
                Accepted {formatDateTime(version.attestation.attestedAt)} (statement v
                {version.attestation.textVersion}) from {version.attestation.ip} for the file with
                SHA-256{' '}
                <span className="font-mono break-all">{version.attestation.fileSha256}</span>
              </p>
            </>
          ) : (
            <p className="text-zinc-500">None recorded.</p>
          )}
        </Section>
        {version.review && (
          <Section title="Review">
            <p className="flex items-center gap-2">
              <Badge
                variant={
                  version.review.status === 'approved'
                    ? 'green'
                    : version.review.status === 'rejected'
                      ? 'red'
                      : 'amber'
                }
              >
                {version.review.status}
              </Badge>
              {version.review.decidedAt && (
                <span className="text-xs text-zinc-500">
                  {formatDateTime(version.review.decidedAt)}
                </span>
              )}
            </p>
            <p className="text-zinc-600">Why it needed review: {version.review.reason}</p>
            {version.review.decisionReason && (
              <p className="text-zinc-800">Decision: {version.review.decisionReason}</p>
            )}
          </Section>
        )}
        {governance?.piiDecision && (
          <Section title="Personal data">
            <p>
              <Badge variant={piiOutcomes[governance.piiDecision.outcome].variant}>
                {piiOutcomes[governance.piiDecision.outcome].label}
              </Badge>
            </p>
            {governance.piiDecision.reasons.length > 0 && (
              <ul className="list-disc pl-5 text-zinc-600">
                {governance.piiDecision.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            )}
            {piiColumns && piiColumns.length > 0 ? (
              <ul className="flex flex-col gap-2">
                {piiColumns.map((column) => (
                  <li key={column.column}>
                    <span className="font-medium">{column.column}</span>
                    <ul className="pl-4 text-xs text-zinc-600">
                      {Object.entries(column.kinds).map(([kind, count]) => (
                        <li key={kind}>
                          {kind.replaceAll('_', ' ')}: {formatCount(count!.rows)} values (
                          {formatPercent(count!.share)}), e.g.{' '}
                          <span className="font-mono">{count!.examples.join(', ')}</span>
                        </li>
                      ))}
                      {column.copyright && (
                        <li>
                          copyright notices: {formatCount(column.copyright.rows)} values, e.g. “
                          {column.copyright.examples[0]}”
                        </li>
                      )}
                    </ul>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-zinc-500">No personal data or copyright notices found.</p>
            )}
          </Section>
        )}
      </CardContent>
    </Card>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-1.5">
      <h3 className="text-xs font-medium tracking-wide text-zinc-500 uppercase">{title}</h3>
      {children}
    </section>
  );
}
