import { unwrap } from '@aistudio/sdk';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from './client';
import { cursorPaging } from './pagination';

export interface AuditFilters {
  action?: string;
  targetType?: string;
  /** ISO timestamps. */
  since?: string;
  until?: string;
}

export function useAuditEvents(orgId: string, filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['orgs', orgId, 'audit-events', filters] as const,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/audit-events', {
          params: { path: { orgId }, query: { limit: 50, cursor: pageParam, ...filters } },
        }),
      ),
    ...cursorPaging,
  });
}
