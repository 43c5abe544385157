import type { DatasetVersion, LicenseTier } from '@aistudio/contracts';
import { Badge, type BadgeVariant } from '../../components/ui/Badge';

const statusVariants: Record<DatasetVersion['status'], BadgeVariant> = {
  processing: 'blue',
  ready: 'green',
  review: 'amber',
  rejected: 'red',
  failed: 'red',
};

const statusLabels: Record<DatasetVersion['status'], string> = {
  processing: 'processing',
  ready: 'ready',
  review: 'in review',
  rejected: 'rejected',
  failed: 'failed',
};

export function VersionStatusBadge({ status }: { status: DatasetVersion['status'] }) {
  return <Badge variant={statusVariants[status]}>{statusLabels[status]}</Badge>;
}

const tierVariants: Record<LicenseTier, BadgeVariant> = {
  allowed: 'green',
  review: 'amber',
  prohibited: 'red',
};

export function LicenseTierBadge({ tier }: { tier: LicenseTier }) {
  return <Badge variant={tierVariants[tier]}>{tier}</Badge>;
}
