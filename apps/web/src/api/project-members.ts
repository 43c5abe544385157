import { unwrap } from '@aistudio/sdk';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { cursorPaging } from './pagination';
import { projectKeys } from './projects';

type SharedRole = 'editor' | 'viewer';

export function useProjectMembers(projectId: string) {
  return useInfiniteQuery({
    queryKey: projectKeys.members(projectId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/projects/{projectId}/members', {
          params: { path: { projectId }, query: { limit: 100, cursor: pageParam } },
        }),
      ),
    ...cursorPaging,
  });
}

function useInvalidate(projectId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: projectKeys.members(projectId) });
}

export function useAddProjectMember(projectId: string) {
  const onSuccess = useInvalidate(projectId);
  return useMutation({
    mutationFn: (body: { userId: string; role: SharedRole }) =>
      unwrap(
        api.POST('/api/v1/projects/{projectId}/members', { params: { path: { projectId } }, body }),
      ),
    onSuccess,
  });
}

export function useUpdateProjectMember(projectId: string) {
  const onSuccess = useInvalidate(projectId);
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: SharedRole }) =>
      unwrap(
        api.PATCH('/api/v1/projects/{projectId}/members/{userId}', {
          params: { path: { projectId, userId } },
          body: { role },
        }),
      ),
    onSuccess,
  });
}

export function useRemoveProjectMember(projectId: string) {
  const onSuccess = useInvalidate(projectId);
  return useMutation({
    mutationFn: (userId: string) =>
      unwrap(
        api.DELETE('/api/v1/projects/{projectId}/members/{userId}', {
          params: { path: { projectId, userId } },
        }),
      ),
    onSuccess,
  });
}
