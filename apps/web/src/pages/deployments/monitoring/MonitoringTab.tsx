import { useId } from 'react';
import type { DeploymentSummary } from '../../../api/deployments';
import { Label } from '../../../components/ui/Label';
import { Select } from '../../../components/ui/Select';
import { DriftCard } from './DriftCard';
import { FiringAlertsCard } from './FiringAlertsCard';
import { PerformanceCard } from './PerformanceCard';
import { ServiceMetricsCard } from './ServiceMetricsCard';

/** The windows both the service metrics and drift checks accept. */
export const MONITORING_WINDOWS = ['1h', '24h', '7d'] as const;
export type MonitoringWindow = (typeof MONITORING_WINDOWS)[number];

interface MonitoringTabProps {
  deployment: DeploymentSummary;
  window: MonitoringWindow;
  onWindowChange: (window: MonitoringWindow) => void;
}

/** Alerts, service metrics, drift and performance of a deployment over one chosen window. */
export function MonitoringTab({ deployment, window, onWindowChange }: MonitoringTabProps) {
  const selectId = useId();
  const versions = new Map(
    [...deployment.routes, ...(deployment.previousRoutes ?? [])].map((r) => [
      r.modelVersionId,
      // The alias a route asked for (`canary`) says which side of a split a line is.
      /^\d+$/.test(r.ref) ? `v${r.version}` : `v${r.version} · ${r.ref}`,
    ]),
  );
  const versionLabel = (id: string) => versions.get(id) ?? 'earlier version';
  return (
    <div className="flex flex-col gap-6">
      <div className="flex items-center gap-2 self-end">
        <Label htmlFor={selectId}>Window</Label>
        <Select
          id={selectId}
          className="w-32"
          value={window}
          onChange={(e) => onWindowChange(e.target.value as MonitoringWindow)}
        >
          {MONITORING_WINDOWS.map((w) => (
            <option key={w} value={w}>
              last {w}
            </option>
          ))}
        </Select>
      </div>
      <FiringAlertsCard projectId={deployment.projectId} deploymentId={deployment.id} />
      <ServiceMetricsCard
        deploymentId={deployment.id}
        window={window}
        versionLabel={versionLabel}
      />
      <DriftCard deploymentId={deployment.id} window={window} />
      <PerformanceCard deploymentId={deployment.id} window={window} versionLabel={versionLabel} />
    </div>
  );
}
