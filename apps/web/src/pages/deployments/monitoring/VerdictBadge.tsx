import { Badge, type BadgeVariant } from '../../../components/ui/Badge';
import type { DriftVerdict } from './drift-verdicts';

const VARIANTS: Record<DriftVerdict, BadgeVariant> = {
  drift: 'red',
  'no drift': 'green',
  'too little data': 'default',
  failed: 'amber',
  running: 'blue',
};

/** The marker colour of a verdict on the drift timeline (Okabe–Ito, as the charts). */
export const VERDICT_COLORS: Record<DriftVerdict, string> = {
  drift: '#D55E00',
  'no drift': '#009E73',
  'too little data': '#a1a1aa',
  failed: '#E69F00',
  running: '#56B4E9',
};

export function VerdictBadge({ verdict }: { verdict: DriftVerdict }) {
  return <Badge variant={VARIANTS[verdict]}>{verdict}</Badge>;
}
