import type { OrgRole } from '@aistudio/contracts';
import { unwrap } from '@aistudio/sdk';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { cursorPaging } from './pagination';

export const orgKeys = {
  all: ['orgs'] as const,
  one: (orgId: string) => ['orgs', orgId] as const,
  members: (orgId: string) => ['orgs', orgId, 'members'] as const,
  invitations: (orgId: string) => ['orgs', orgId, 'invitations'] as const,
};

/** The caller's organizations (one page of 200 is plenty for a switcher). */
export function useOrgs() {
  return useQuery({
    queryKey: orgKeys.all,
    queryFn: () => unwrap(api.GET('/api/v1/orgs', { params: { query: { limit: 200 } } })),
    select: (page) => page.items,
  });
}

export function useOrg(orgId: string) {
  return useQuery({
    queryKey: orgKeys.one(orgId),
    queryFn: () => unwrap(api.GET('/api/v1/orgs/{orgId}', { params: { path: { orgId } } })),
    // Pages that learn their org from a project pass '' until it has loaded.
    enabled: orgId !== '',
  });
}

export function useCreateOrg() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => unwrap(api.POST('/api/v1/orgs', { body: { name } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.all }),
  });
}

export function useRenameOrg(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      unwrap(api.PATCH('/api/v1/orgs/{orgId}', { params: { path: { orgId } }, body: { name } })),
    onSuccess: (org) => {
      queryClient.setQueryData(orgKeys.one(orgId), org);
      void queryClient.invalidateQueries({ queryKey: orgKeys.all, exact: true });
    },
  });
}

export function useOrgMembers(orgId: string) {
  return useInfiniteQuery({
    queryKey: orgKeys.members(orgId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/members', {
          params: { path: { orgId }, query: { limit: 100, cursor: pageParam } },
        }),
      ),
    ...cursorPaging,
  });
}

function useInvalidateMembers(orgId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: orgKeys.members(orgId) });
}

export function useAddOrgMember(orgId: string) {
  const onSuccess = useInvalidateMembers(orgId);
  return useMutation({
    mutationFn: (body: { email: string; role: OrgRole }) =>
      unwrap(api.POST('/api/v1/orgs/{orgId}/members', { params: { path: { orgId } }, body })),
    onSuccess,
  });
}

export function useUpdateOrgMember(orgId: string) {
  const onSuccess = useInvalidateMembers(orgId);
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: OrgRole }) =>
      unwrap(
        api.PATCH('/api/v1/orgs/{orgId}/members/{userId}', {
          params: { path: { orgId, userId } },
          body: { role },
        }),
      ),
    onSuccess,
  });
}

export function useRemoveOrgMember(orgId: string) {
  const onSuccess = useInvalidateMembers(orgId);
  return useMutation({
    mutationFn: (userId: string) =>
      unwrap(
        api.DELETE('/api/v1/orgs/{orgId}/members/{userId}', {
          params: { path: { orgId, userId } },
        }),
      ),
    onSuccess,
  });
}
