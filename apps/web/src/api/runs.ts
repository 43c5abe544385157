import {
  RUN_FINAL_STATUSES,
  type CreateRunBody,
  type CreateSweepBody,
  type Run,
  type RunEvent,
  type RunMetrics,
  type RunStatus,
  type UpdateRunBody,
} from '@aistudio/contracts';
import type { EvaluationReport } from '@aistudio/engine';
import { unwrap } from '@aistudio/sdk';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from './client';
import { cursorPaging } from './pagination';

export const runKeys = {
  experiments: (projectId: string) => ['projects', projectId, 'experiments'] as const,
  list: (projectId: string, experimentId: string | undefined, filter: string) =>
    ['projects', projectId, 'runs', experimentId ?? 'all', filter] as const,
  all: (projectId: string) => ['projects', projectId, 'runs'] as const,
  one: (runId: string) => ['runs', runId] as const,
  metrics: (runId: string) => ['runs', runId, 'metrics'] as const,
  evaluation: (runId: string) => ['runs', runId, 'evaluation'] as const,
};

export const isFinal = (status: RunStatus) => RUN_FINAL_STATUSES.includes(status);

export function useExperiments(projectId: string) {
  return useQuery({
    queryKey: runKeys.experiments(projectId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/projects/{projectId}/experiments', {
          params: { path: { projectId }, query: { limit: 100 } },
        }),
      ),
    select: (page) => page.items,
  });
}

export function useCreateExperiment(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; description?: string }) =>
      unwrap(
        api.POST('/api/v1/projects/{projectId}/experiments', {
          params: { path: { projectId } },
          body: { description: '', ...body },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: runKeys.experiments(projectId) }),
  });
}

/** Runs of a project, newest first, narrowed by experiment and the MLflow-style filter. */
export function useRuns(projectId: string, experimentId: string | undefined, filter: string) {
  return useInfiniteQuery({
    queryKey: runKeys.list(projectId, experimentId, filter),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/projects/{projectId}/runs', {
          params: {
            path: { projectId },
            query: {
              limit: 50,
              cursor: pageParam,
              ...(experimentId ? { experimentId } : {}),
              ...(filter ? { filter } : {}),
            },
          },
        }),
      ),
    ...cursorPaging,
    // Unfinished runs change their status and metrics: look again now and then.
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) => p.items.some((r) => !isFinal(r.status))) ? 3000 : false,
  });
}

export function useRun(runId: string) {
  return useQuery({
    queryKey: runKeys.one(runId),
    queryFn: () => unwrap(api.GET('/api/v1/runs/{runId}', { params: { path: { runId } } })),
  });
}

export function useRunMetrics(runId: string) {
  return useQuery({
    queryKey: runKeys.metrics(runId),
    queryFn: () => unwrap(api.GET('/api/v1/runs/{runId}/metrics', { params: { path: { runId } } })),
  });
}

/** The stored evaluation of a succeeded run (the engine's report, typed loosely by the API). */
export function useRunEvaluation(runId: string, succeeded: boolean) {
  return useQuery({
    queryKey: runKeys.evaluation(runId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/runs/{runId}/evaluation', { params: { path: { runId } } }),
      ) as Promise<unknown> as Promise<EvaluationReport>,
    enabled: succeeded,
    staleTime: Infinity, // written once when the run succeeds
  });
}

export function useCreateRun(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateRunBody) =>
      unwrap(
        api.POST('/api/v1/projects/{projectId}/runs', { params: { path: { projectId } }, body }),
      ),
    onSuccess: (run) => {
      queryClient.setQueryData(runKeys.one(run.id), run);
      void queryClient.invalidateQueries({ queryKey: runKeys.all(projectId) });
      void queryClient.invalidateQueries({ queryKey: runKeys.experiments(projectId) });
    },
  });
}

/**
 * The compute time the server expects for a run body, checked like a real start (a bad body is
 * a 4xx naming the field); asked again whenever the body changes.
 */
export function useRunEstimate(projectId: string, body: CreateRunBody | null) {
  return useQuery({
    queryKey: ['projects', projectId, 'run-estimate', body] as const,
    queryFn: () =>
      unwrap(
        api.POST('/api/v1/projects/{projectId}/runs/estimate', {
          params: { path: { projectId } },
          body: body!,
        }),
      ),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 60_000,
  });
}

/** Renames, re-tags or moves a run to another experiment (its parameters and results stay). */
export function useUpdateRun(run: Run) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateRunBody) =>
      unwrap(api.PATCH('/api/v1/runs/{runId}', { params: { path: { runId: run.id } }, body })),
    onSuccess: (updated) => {
      queryClient.setQueryData(runKeys.one(updated.id), updated);
      void queryClient.invalidateQueries({ queryKey: runKeys.all(run.projectId) });
      void queryClient.invalidateQueries({ queryKey: runKeys.experiments(run.projectId) });
    },
  });
}

/** Deletes a run and frees its files. */
export function useDeleteRun(run: Run) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(api.DELETE('/api/v1/runs/{runId}', { params: { path: { runId: run.id } } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: runKeys.one(run.id) });
      void queryClient.invalidateQueries({ queryKey: runKeys.all(run.projectId) });
      void queryClient.invalidateQueries({ queryKey: runKeys.experiments(run.projectId) });
    },
  });
}

export function useCreateSweep(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSweepBody) =>
      unwrap(
        api.POST('/api/v1/projects/{projectId}/sweeps', { params: { path: { projectId } }, body }),
      ),
    onSuccess: (run) => {
      queryClient.setQueryData(runKeys.one(run.id), run);
      void queryClient.invalidateQueries({ queryKey: runKeys.all(projectId) });
    },
  });
}

/** A sweep's leaderboard, asked again every two seconds until the sweep is over. */
export function useSweepTrials(runId: string) {
  return useQuery({
    queryKey: [...runKeys.one(runId), 'trials'] as const,
    queryFn: () => unwrap(api.GET('/api/v1/runs/{runId}/trials', { params: { path: { runId } } })),
    refetchInterval: (query) =>
      query.state.data && isFinal(query.state.data.status) ? false : 2000,
  });
}

export type RunAction = 'cancel' | 'pause' | 'resume';

export function useRunAction(runId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: RunAction) =>
      unwrap(
        action === 'cancel'
          ? api.POST('/api/v1/runs/{runId}/cancel', { params: { path: { runId } } })
          : action === 'pause'
            ? api.POST('/api/v1/runs/{runId}/pause', { params: { path: { runId } } })
            : api.POST('/api/v1/runs/{runId}/resume', { params: { path: { runId } } }),
      ),
    onSuccess: (run: Run) => queryClient.setQueryData(runKeys.one(run.id), run),
  });
}

/** What the live stream has brought: loss per iteration, log lines, and whether it is open. */
export interface RunStream {
  readonly curve: RunMetrics['series'];
  readonly logs: { level: string; message: string }[];
  readonly connected: boolean;
}

/**
 * Follows GET /runs/{id}/events with an EventSource from the run's first event until a final
 * state (a finished run's stream replays its log and ends). The browser resends
 * Last-Event-ID when it reconnects, so a dropped connection leaves no gap in the curve. Each
 * state change refreshes the run (status, metrics, artifacts).
 */
export function useRunEvents(runId: string): RunStream {
  const queryClient = useQueryClient();
  const [stream, setStream] = useState<RunStream>({ curve: [], logs: [], connected: false });
  useEffect(() => {
    const source = new EventSource(`/api/v1/runs/${encodeURIComponent(runId)}/events`);
    const train = { name: 'train_loss', steps: [] as number[], values: [] as number[] };
    const valid = { name: 'valid_loss', steps: [] as number[], values: [] as number[] };
    const logs: RunStream['logs'] = [];
    const publish = (connected: boolean) =>
      setStream({
        curve: [train, valid]
          .filter((s) => s.steps.length > 0)
          .map((s) => ({ ...s, steps: [...s.steps], values: [...s.values] })),
        logs: [...logs],
        connected,
      });
    // Many events can arrive at once (a replay, a fast job): draw at most once per frame.
    let frame: number | null = null;
    const schedule = () =>
      (frame ??= requestAnimationFrame(() => {
        frame = null;
        publish(true);
      }));
    source.onopen = schedule;
    source.onmessage = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as RunEvent;
      if (event.type === 'progress') {
        addPoint(train, event.iteration, event.trainLoss);
        addPoint(valid, event.iteration, event.validLoss);
      } else if (event.type === 'log') logs.push({ level: event.level, message: event.message });
      else {
        void queryClient.invalidateQueries({ queryKey: runKeys.one(runId) });
        if (event.type === 'state' && isFinal(event.status)) {
          // The server ends the stream here; without close() the browser would reconnect.
          source.close();
          void queryClient.invalidateQueries({ queryKey: runKeys.metrics(runId) });
          if (frame !== null) cancelAnimationFrame(frame);
          frame = null;
          return publish(false);
        }
      }
      schedule();
    };
    return () => {
      source.close();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [runId, queryClient]);
  return stream;
}

/** Appends a step; a resumed run repeats steps after its checkpoint, which replace the old ones. */
function addPoint(
  series: { steps: number[]; values: number[] },
  step: number,
  value: number | null,
) {
  if (value === null) return;
  const from = series.steps.findIndex((s) => s >= step);
  if (from >= 0) {
    series.steps.length = from;
    series.values.length = from;
  }
  series.steps.push(step);
  series.values.push(value);
}
