import type { CreateWebhookBody, UpdateWebhookBody } from '@aistudio/contracts';
import { unwrap } from '@aistudio/sdk';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { cursorPaging } from '../../api/pagination';

export const webhookKeys = {
  all: (projectId: string) => ['projects', projectId, 'webhooks'] as const,
  deliveries: (webhookId: string) => ['webhooks', webhookId, 'deliveries'] as const,
};

export function useWebhooks(projectId: string) {
  return useQuery({
    queryKey: webhookKeys.all(projectId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/projects/{projectId}/webhooks', {
          params: { path: { projectId }, query: { limit: 100 } },
        }),
      ),
  });
}

/** The delivery log, polled while open: tests and retries land a moment after they are asked for. */
export function useWebhookDeliveries(webhookId: string) {
  return useInfiniteQuery({
    queryKey: webhookKeys.deliveries(webhookId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/webhooks/{webhookId}/deliveries', {
          params: { path: { webhookId }, query: { limit: 20, cursor: pageParam } },
        }),
      ),
    ...cursorPaging,
    refetchInterval: 3000,
  });
}

function useRefresh(projectId: string) {
  const queryClient = useQueryClient();
  return (webhookId?: string) => {
    void queryClient.invalidateQueries({ queryKey: webhookKeys.all(projectId) });
    if (webhookId) {
      void queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(webhookId) });
    }
  };
}

export function useCreateWebhook(projectId: string) {
  const refresh = useRefresh(projectId);
  return useMutation({
    mutationFn: (body: CreateWebhookBody) =>
      unwrap(
        api.POST('/api/v1/projects/{projectId}/webhooks', {
          params: { path: { projectId } },
          body,
        }),
      ),
    onSuccess: () => refresh(),
  });
}

export function useUpdateWebhook(projectId: string) {
  const refresh = useRefresh(projectId);
  return useMutation({
    mutationFn: ({ webhookId, body }: { webhookId: string; body: UpdateWebhookBody }) =>
      unwrap(api.PATCH('/api/v1/webhooks/{webhookId}', { params: { path: { webhookId } }, body })),
    onSuccess: (webhook) => refresh(webhook.id),
  });
}

export function useDeleteWebhook(projectId: string) {
  const refresh = useRefresh(projectId);
  return useMutation({
    mutationFn: (webhookId: string) =>
      unwrap(api.DELETE('/api/v1/webhooks/{webhookId}', { params: { path: { webhookId } } })),
    onSuccess: () => refresh(),
  });
}

export function useRotateWebhookSecret(projectId: string) {
  const refresh = useRefresh(projectId);
  return useMutation({
    mutationFn: (webhookId: string) =>
      unwrap(
        api.POST('/api/v1/webhooks/{webhookId}/rotate-secret', {
          params: { path: { webhookId } },
        }),
      ),
    onSuccess: (webhook) => refresh(webhook.id),
  });
}

export function useSendWebhookTest(projectId: string) {
  const refresh = useRefresh(projectId);
  return useMutation({
    mutationFn: (webhookId: string) =>
      unwrap(api.POST('/api/v1/webhooks/{webhookId}/test', { params: { path: { webhookId } } })),
    onSuccess: (delivery) => refresh(delivery.webhookId),
  });
}

export function useResendDelivery(projectId: string) {
  const refresh = useRefresh(projectId);
  return useMutation({
    mutationFn: ({ webhookId, deliveryId }: { webhookId: string; deliveryId: string }) =>
      unwrap(
        api.POST('/api/v1/webhooks/{webhookId}/deliveries/{deliveryId}/resend', {
          params: { path: { webhookId, deliveryId } },
        }),
      ),
    onSuccess: (delivery) => refresh(delivery.webhookId),
  });
}
