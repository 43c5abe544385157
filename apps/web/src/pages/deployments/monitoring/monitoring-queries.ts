import type { CreateDriftCheckBody, DriftCheck, MetricsWindow } from '@aistudio/contracts';
import { unwrap } from '@aistudio/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { hasPendingCheck } from './drift-verdicts';

// Monitoring refreshes on its own, as a dashboard does; a queued drift check is polled faster.
const REFRESH_MS = 10_000;
const PENDING_CHECK_MS = 1_500;

const monitoringKeys = {
  metrics: (deploymentId: string, window: MetricsWindow) =>
    ['deployments', deploymentId, 'metrics', window] as const,
  performance: (deploymentId: string, window: MetricsWindow) =>
    ['deployments', deploymentId, 'performance', window] as const,
  driftChecks: (deploymentId: string) => ['deployments', deploymentId, 'drift-checks'] as const,
  driftCheck: (deploymentId: string, checkId: string) =>
    ['deployments', deploymentId, 'drift-checks', checkId] as const,
  alertRules: (projectId: string) => ['projects', projectId, 'alert-rules'] as const,
};

export function useServiceMetrics(deploymentId: string, window: MetricsWindow) {
  return useQuery({
    queryKey: monitoringKeys.metrics(deploymentId, window),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/deployments/{deploymentId}/metrics', {
          params: { path: { deploymentId }, query: { window } },
        }),
      ),
    refetchInterval: REFRESH_MS,
  });
}

export function usePerformance(deploymentId: string, window: MetricsWindow) {
  return useQuery({
    queryKey: monitoringKeys.performance(deploymentId, window),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/deployments/{deploymentId}/performance', {
          params: {
            path: { deploymentId },
            query: { window, bucket: window === '7d' ? '1d' : '1h' },
          },
        }),
      ),
    refetchInterval: REFRESH_MS,
  });
}

/** The newest 50 checks (the timeline's span), polled quickly while one is still running. */
export function useDriftChecks(deploymentId: string) {
  return useQuery({
    queryKey: monitoringKeys.driftChecks(deploymentId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/deployments/{deploymentId}/drift-checks', {
          params: { path: { deploymentId }, query: { limit: 50 } },
        }),
      ),
    refetchInterval: (query) =>
      hasPendingCheck(query.state.data?.items ?? []) ? PENDING_CHECK_MS : REFRESH_MS,
  });
}

/** A finished check's report; a finished check never changes, so it is fetched once. */
export function useDriftCheck(deploymentId: string, check: DriftCheck | undefined) {
  return useQuery({
    queryKey: monitoringKeys.driftCheck(deploymentId, check?.id ?? ''),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/deployments/{deploymentId}/drift-checks/{checkId}', {
          params: { path: { deploymentId, checkId: check!.id } },
        }),
      ),
    enabled: check?.status === 'succeeded',
    staleTime: Infinity,
  });
}

export function useRunDriftCheck(deploymentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateDriftCheckBody) =>
      unwrap(
        api.POST('/api/v1/deployments/{deploymentId}/drift-checks', {
          params: { path: { deploymentId } },
          body,
        }),
      ),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: monitoringKeys.driftChecks(deploymentId) }),
  });
}

/** The project's alert rules with their current state (the tab keeps this deployment's). */
export function useAlertRules(projectId: string) {
  return useQuery({
    queryKey: monitoringKeys.alertRules(projectId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/projects/{projectId}/alert-rules', {
          params: { path: { projectId }, query: { limit: 200 } },
        }),
      ),
    refetchInterval: REFRESH_MS / 2,
  });
}
