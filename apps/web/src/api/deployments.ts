import type { CreateDeploymentBody, Deployment, DeploymentMetrics } from '@aistudio/contracts';
import { unwrap } from '@aistudio/sdk';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { cursorPaging } from './pagination';

/** What the pages read of a deployment (the contract may carry more, e.g. shadow settings). */
export type DeploymentSummary = Pick<
  Deployment,
  'id' | 'projectId' | 'name' | 'routes' | 'previousRoutes' | 'updatedAt'
>;

export const deploymentKeys = {
  all: (projectId: string) => ['projects', projectId, 'deployments'] as const,
  one: (deploymentId: string) => ['deployments', deploymentId] as const,
  metrics: (deploymentId: string, window: string) =>
    ['deployments', deploymentId, 'metrics', window] as const,
};

export function useDeployments(projectId: string) {
  return useInfiniteQuery({
    queryKey: deploymentKeys.all(projectId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/projects/{projectId}/deployments', {
          params: { path: { projectId }, query: { limit: 50, cursor: pageParam } },
        }),
      ),
    ...cursorPaging,
  });
}

export function useDeployment(deploymentId: string) {
  return useQuery({
    queryKey: deploymentKeys.one(deploymentId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/deployments/{deploymentId}', { params: { path: { deploymentId } } })),
  });
}

/** Every change answers with the deployment: cache it and refresh the project's list. */
function useStoreDeployment() {
  const queryClient = useQueryClient();
  return (deployment: DeploymentSummary) => {
    queryClient.setQueryData(deploymentKeys.one(deployment.id), deployment);
    void queryClient.invalidateQueries({ queryKey: deploymentKeys.all(deployment.projectId) });
  };
}

export function useCreateDeployment(projectId: string) {
  const onSuccess = useStoreDeployment();
  return useMutation({
    mutationFn: (body: CreateDeploymentBody) =>
      unwrap(
        api.POST('/api/v1/projects/{projectId}/deployments', {
          params: { path: { projectId } },
          body,
        }),
      ),
    onSuccess,
  });
}

export function useUpdateRoutes(deploymentId: string) {
  const onSuccess = useStoreDeployment();
  return useMutation({
    mutationFn: (routes: CreateDeploymentBody['routes']) =>
      unwrap(
        api.PATCH('/api/v1/deployments/{deploymentId}', {
          params: { path: { deploymentId } },
          body: { routes },
        }),
      ),
    onSuccess,
  });
}

export function useRollback(deploymentId: string) {
  const onSuccess = useStoreDeployment();
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/deployments/{deploymentId}/rollback', {
          params: { path: { deploymentId } },
        }),
      ),
    onSuccess,
  });
}

export function usePredict(deploymentId: string) {
  return useMutation({
    mutationFn: (records: Record<string, unknown>[]) =>
      unwrap(
        api.POST('/api/v1/deployments/{deploymentId}/predict', {
          params: { path: { deploymentId } },
          body: { records },
        }),
      ),
  });
}

/**
 * The deployment's request counts and latency over a window, polled every five seconds. Plain
 * fetch: the generated client predates the endpoint. Any failure reads as "no traffic yet".
 */
export function useDeploymentMetrics(deploymentId: string, window: DeploymentMetrics['window']) {
  return useQuery({
    queryKey: deploymentKeys.metrics(deploymentId, window),
    queryFn: async (): Promise<DeploymentMetrics | null> => {
      const response = await fetch(
        `/api/v1/deployments/${encodeURIComponent(deploymentId)}/metrics?window=${window}`,
        { credentials: 'same-origin', headers: { accept: 'application/json' } },
      );
      return response.ok ? ((await response.json()) as DeploymentMetrics) : null;
    },
    refetchInterval: 5000,
    retry: false,
  });
}
