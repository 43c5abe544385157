import type {
  DatasetPreview,
  DerivedVersionAccepted,
  PiiPolicy,
  SaveSqlBody,
  UpdatePiiPolicyBody,
} from '@aistudio/contracts';
import { unwrap } from '@aistudio/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { datasetKeys } from './datasets';

const piiPolicyKey = (orgId: string) => ['orgs', orgId, 'pii-policy'] as const;

/** The org's PII policy: what ingest does with each kind of personal data. */
export function usePiiPolicy(orgId: string) {
  return useQuery({
    queryKey: piiPolicyKey(orgId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/pii-policy', { params: { path: { orgId } } }),
      ) as Promise<PiiPolicy>,
  });
}

export function useSavePiiPolicy(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdatePiiPolicyBody) =>
      unwrap(
        api.PUT('/api/v1/orgs/{orgId}/pii-policy', { params: { path: { orgId } }, body }),
      ) as Promise<PiiPolicy>,
    onSuccess: (policy) => queryClient.setQueryData(piiPolicyKey(orgId), policy),
  });
}

/** Rows of a version under review, readable by the org's reviewers only. */
export function useReviewPreview(reviewId: string, limit = 50) {
  return useQuery({
    queryKey: ['reviews', reviewId, 'preview', limit],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/reviews/{reviewId}/preview', {
          params: { path: { reviewId }, query: { limit, offset: 0 } },
        }),
      ) as Promise<DatasetPreview>,
  });
}

/** Saves a SQL result as the next version of a dataset; its ingest runs after. */
export function useSaveSqlAsVersion(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SaveSqlBody) =>
      unwrap(
        api.POST('/api/v1/projects/{projectId}/sql/save', {
          params: { path: { projectId } },
          body,
        }),
      ) as Promise<DerivedVersionAccepted>,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: datasetKeys.list(projectId) }),
  });
}
