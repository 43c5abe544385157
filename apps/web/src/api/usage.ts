import { unwrap } from '@aistudio/sdk';
import { useQuery } from '@tanstack/react-query';
import { api } from './client';

/** Compute used per project of an org over the last `days` days (owners and admins). */
export function useOrgUsage(orgId: string, days: number) {
  return useQuery({
    queryKey: ['orgs', orgId, 'usage', days] as const,
    queryFn: () => {
      const to = new Date();
      const from = new Date(to.getTime() - days * 86_400_000);
      return unwrap(
        api.GET('/api/v1/orgs/{orgId}/usage', {
          params: {
            path: { orgId },
            query: { from: from.toISOString(), to: to.toISOString() },
          },
        }),
      );
    },
  });
}
