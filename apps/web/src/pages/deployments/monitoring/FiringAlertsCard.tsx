import { BellRing } from 'lucide-react';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { Badge } from '../../../components/ui/Badge';
import { Card, CardContent, CardHeader, CardTitle } from '../../../components/ui/Card';
import { formatDateTime } from '../../../format/dates';
import { formatStat } from '../../../format/numbers';
import { firingAlertsOf, watchingRuleCount } from './deployment-alerts';
import { useAlertRules } from './monitoring-queries';

/** The deployment's firing alerts, refreshed every few seconds (rules belong to the project). */
export function FiringAlertsCard(props: { projectId: string; deploymentId: string }) {
  const rules = useAlertRules(props.projectId);
  const items = rules.data?.items ?? [];
  const firing = firingAlertsOf(items, props.deploymentId);
  const watching = watchingRuleCount(items, props.deploymentId);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Alerts</CardTitle>
      </CardHeader>
      <CardContent>
        {rules.isError ? (
          <ProblemAlert error={rules.error} />
        ) : firing.length === 0 ? (
          <p className="text-sm text-zinc-500" role="status" aria-label="Firing alerts">
            {watching === 0
              ? 'No alert rule watches this deployment.'
              : `${watching} rule${watching === 1 ? '' : 's'} watching, none firing.`}
          </p>
        ) : (
          <ul aria-label="Firing alerts" className="flex flex-col gap-2">
            {firing.map((rule) => (
              <li
                key={rule.id}
                className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900"
              >
                <BellRing aria-hidden className="size-4" />
                <span className="font-medium">{rule.name}</span>
                <Badge variant={rule.severity === 'info' ? 'blue' : 'red'}>{rule.severity}</Badge>
                <span className="tabular-nums">
                  {rule.metric.replace('_', ' ')}
                  {rule.feature ? ` (${rule.feature})` : ''} = {formatStat(rule.lastValue)}{' '}
                  {rule.condition} {formatStat(rule.threshold)}
                </span>
                <span className="text-red-800/80">
                  firing since {formatDateTime(rule.stateChangedAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
