import { unwrap } from '@aistudio/sdk';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { cursorPaging } from './pagination';

export type ReviewStatus = 'pending' | 'approved' | 'rejected';
export type ReviewDecision = 'approve' | 'reject';

const reviewsKey = (orgId: string) => ['orgs', orgId, 'reviews'] as const;

export function useReviews(orgId: string, status: ReviewStatus) {
  return useInfiniteQuery({
    queryKey: [...reviewsKey(orgId), status],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/reviews', {
          params: { path: { orgId }, query: { limit: 50, status, cursor: pageParam } },
        }),
      ),
    ...cursorPaging,
  });
}

export function useDecideReview(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      reviewId,
      decision,
      reason,
    }: {
      reviewId: string;
      decision: ReviewDecision;
      reason: string;
    }) =>
      unwrap(
        decision === 'approve'
          ? api.POST('/api/v1/reviews/{reviewId}/approve', {
              params: { path: { reviewId } },
              body: { reason },
            })
          : api.POST('/api/v1/reviews/{reviewId}/reject', {
              params: { path: { reviewId } },
              body: { reason },
            }),
      ),
    onSuccess: (review) => {
      void queryClient.invalidateQueries({ queryKey: reviewsKey(orgId) });
      void queryClient.invalidateQueries({
        queryKey: ['dataset-versions', review.datasetVersionId],
      });
      void queryClient.invalidateQueries({ queryKey: ['datasets', review.datasetId] });
    },
  });
}
