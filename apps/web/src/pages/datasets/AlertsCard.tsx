import { AlertTriangle, CheckCircle2 } from 'lucide-react';
import type { ProfileAlert } from '../../api/dataset-reports';
import { Badge } from '../../components/ui/Badge';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/Card';

export function AlertsCard({ alerts }: { alerts: ProfileAlert[] }) {
  return (
    <Card aria-label="Alerts">
      <CardHeader>
        <CardTitle>Alerts</CardTitle>
      </CardHeader>
      <CardContent>
        {alerts.length === 0 ? (
          <p className="flex items-center gap-2 text-sm text-zinc-600">
            <CheckCircle2 aria-hidden className="size-4 text-emerald-600" /> Nothing to flag.
          </p>
        ) : (
          <ul className="flex flex-col gap-2 text-sm">
            {alerts.map((alert, i) => (
              <li key={i} className="flex items-start gap-2">
                <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0 text-amber-600" />
                <span className="flex flex-col gap-0.5">
                  <Badge variant="amber" className="self-start">
                    {alert.kind.replaceAll('_', ' ')}
                  </Badge>
                  <span className="text-zinc-700">{alert.message}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
