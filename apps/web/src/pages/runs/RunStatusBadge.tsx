import type { RunStatus } from '@aistudio/contracts';
import { Badge, type BadgeVariant } from '../../components/ui/Badge';

const variants: Record<RunStatus, BadgeVariant> = {
  queued: 'default',
  running: 'blue',
  paused: 'amber',
  succeeded: 'green',
  failed: 'red',
  cancelled: 'default',
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return <Badge variant={variants[status]}>{status}</Badge>;
}
