import type { Project } from '@aistudio/contracts';
import { unwrap } from '@aistudio/sdk';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { cursorPaging } from './pagination';

export type ArchivedFilter = 'exclude' | 'include' | 'only';

export const projectKeys = {
  list: (orgId: string) => ['orgs', orgId, 'projects'] as const,
  filtered: (orgId: string, archived: ArchivedFilter) =>
    ['orgs', orgId, 'projects', archived] as const,
  one: (projectId: string) => ['projects', projectId] as const,
  members: (projectId: string) => ['projects', projectId, 'members'] as const,
};

export function useProjects(orgId: string, archived: ArchivedFilter = 'exclude') {
  return useInfiniteQuery({
    queryKey: projectKeys.filtered(orgId, archived),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/projects', {
          params: { path: { orgId }, query: { limit: 50, archived, cursor: pageParam } },
        }),
      ),
    ...cursorPaging,
  });
}

export function useProject(projectId: string) {
  return useQuery({
    queryKey: projectKeys.one(projectId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/projects/{projectId}', { params: { path: { projectId } } })),
    // Pages that learn their project from another resource pass '' until it has loaded.
    enabled: projectId !== '',
  });
}

export function useCreateProject(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; description: string }) =>
      unwrap(api.POST('/api/v1/orgs/{orgId}/projects', { params: { path: { orgId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: projectKeys.list(orgId) }),
  });
}

/** Every project change answers with the project: cache it and refresh the org's lists. */
function useStoreProject() {
  const queryClient = useQueryClient();
  return (project: Project) => {
    queryClient.setQueryData(projectKeys.one(project.id), project);
    void queryClient.invalidateQueries({ queryKey: projectKeys.list(project.orgId) });
  };
}

export function useUpdateProject(projectId: string) {
  const onSuccess = useStoreProject();
  return useMutation({
    mutationFn: (body: { name?: string; description?: string }) =>
      unwrap(api.PATCH('/api/v1/projects/{projectId}', { params: { path: { projectId } }, body })),
    onSuccess,
  });
}

export function useArchiveProject(projectId: string) {
  const onSuccess = useStoreProject();
  return useMutation({
    mutationFn: () =>
      unwrap(api.DELETE('/api/v1/projects/{projectId}', { params: { path: { projectId } } })),
    onSuccess,
  });
}

export function useRestoreProject(projectId: string) {
  const onSuccess = useStoreProject();
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/projects/{projectId}/restore', { params: { path: { projectId } } })),
    onSuccess,
  });
}

export function useTransferProject(projectId: string) {
  const queryClient = useQueryClient();
  const store = useStoreProject();
  return useMutation({
    mutationFn: (userId: string) =>
      unwrap(
        api.POST('/api/v1/projects/{projectId}/transfer', {
          params: { path: { projectId } },
          body: { userId },
        }),
      ),
    onSuccess: (project) => {
      store(project);
      void queryClient.invalidateQueries({ queryKey: projectKeys.members(projectId) });
    },
  });
}
