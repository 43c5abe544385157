import type {
  AlertChannelTestResult,
  CreateAlertChannelBody,
  CreateAlertRuleBody,
  UpdateAlertChannelBody,
  UpdateAlertRuleBody,
} from '@aistudio/contracts';
import { unwrap } from '@aistudio/sdk';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { cursorPaging } from '../../api/pagination';

export const alertKeys = {
  rules: (projectId: string) => ['projects', projectId, 'alert-rules'] as const,
  events: (ruleId: string) => ['alert-rules', ruleId, 'events'] as const,
  channels: (projectId: string) => ['projects', projectId, 'alert-channels'] as const,
};

/** The project's rules, refreshed every 30 s: evaluation changes their state once a minute. */
export function useAlertRules(projectId: string) {
  return useInfiniteQuery({
    queryKey: alertKeys.rules(projectId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/projects/{projectId}/alert-rules', {
          params: { path: { projectId }, query: { limit: 100, cursor: pageParam } },
        }),
      ),
    ...cursorPaging,
    refetchInterval: 30_000,
  });
}

export function useAlertEvents(ruleId: string) {
  return useInfiniteQuery({
    queryKey: alertKeys.events(ruleId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/alert-rules/{ruleId}/events', {
          params: { path: { ruleId }, query: { limit: 50, cursor: pageParam } },
        }),
      ),
    ...cursorPaging,
  });
}

function useRefreshRules(projectId: string) {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: alertKeys.rules(projectId) });
}

export function useCreateAlertRule(projectId: string) {
  const onSuccess = useRefreshRules(projectId);
  return useMutation({
    mutationFn: (body: CreateAlertRuleBody) =>
      unwrap(
        api.POST('/api/v1/projects/{projectId}/alert-rules', {
          params: { path: { projectId } },
          body,
        }),
      ),
    onSuccess,
  });
}

export function useUpdateAlertRule(projectId: string) {
  const refresh = useRefreshRules(projectId);
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ruleId, body }: { ruleId: string; body: UpdateAlertRuleBody }) =>
      unwrap(api.PATCH('/api/v1/alert-rules/{ruleId}', { params: { path: { ruleId } }, body })),
    onSuccess: (rule) => {
      refresh();
      void queryClient.invalidateQueries({ queryKey: alertKeys.events(rule.id) });
    },
  });
}

export function useDeleteAlertRule(projectId: string) {
  const onSuccess = useRefreshRules(projectId);
  return useMutation({
    mutationFn: (ruleId: string) =>
      unwrap(api.DELETE('/api/v1/alert-rules/{ruleId}', { params: { path: { ruleId } } })),
    onSuccess,
  });
}

export function useAlertChannels(projectId: string) {
  return useQuery({
    queryKey: alertKeys.channels(projectId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/projects/{projectId}/alert-channels', {
          params: { path: { projectId }, query: { limit: 100 } },
        }),
      ),
  });
}

function useRefreshChannels(projectId: string) {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: alertKeys.channels(projectId) });
}

export function useCreateAlertChannel(projectId: string) {
  const onSuccess = useRefreshChannels(projectId);
  return useMutation({
    mutationFn: (body: CreateAlertChannelBody) =>
      unwrap(
        api.POST('/api/v1/projects/{projectId}/alert-channels', {
          params: { path: { projectId } },
          body,
        }),
      ),
    onSuccess,
  });
}

export function useUpdateAlertChannel(projectId: string) {
  const onSuccess = useRefreshChannels(projectId);
  return useMutation({
    mutationFn: ({ channelId, body }: { channelId: string; body: UpdateAlertChannelBody }) =>
      unwrap(
        api.PATCH('/api/v1/alert-channels/{channelId}', { params: { path: { channelId } }, body }),
      ),
    onSuccess,
  });
}

export function useDeleteAlertChannel(projectId: string) {
  const onSuccess = useRefreshChannels(projectId);
  return useMutation({
    mutationFn: (channelId: string) =>
      unwrap(api.DELETE('/api/v1/alert-channels/{channelId}', { params: { path: { channelId } } })),
    onSuccess,
  });
}

export function useTestAlertChannel() {
  return useMutation({
    mutationFn: (channelId: string): Promise<AlertChannelTestResult> =>
      unwrap(
        api.POST('/api/v1/alert-channels/{channelId}/test', { params: { path: { channelId } } }),
      ),
  });
}
