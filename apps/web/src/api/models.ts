import type { ModelVersion, RegisteredModel } from '@aistudio/contracts';
import { unwrap } from '@aistudio/sdk';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { cursorPaging } from './pagination';

export const modelKeys = {
  all: (projectId: string) => ['projects', projectId, 'models'] as const,
  list: (projectId: string, search: string) => ['projects', projectId, 'models', search] as const,
  one: (modelId: string) => ['models', modelId] as const,
  versions: (modelId: string) => ['models', modelId, 'versions'] as const,
  aliasHistory: (modelId: string, alias: string) =>
    ['models', modelId, 'aliases', alias, 'history'] as const,
  card: (modelId: string, version: number) => ['models', modelId, 'card', version] as const,
  lineage: (modelId: string, version: number) => ['models', modelId, 'lineage', version] as const,
};

/** A project's registered models, newest first, narrowed by a search over names, text and tags. */
export function useModels(projectId: string, search: string) {
  return useInfiniteQuery({
    queryKey: modelKeys.list(projectId, search),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/projects/{projectId}/models', {
          params: {
            path: { projectId },
            query: { limit: 50, cursor: pageParam, ...(search ? { search } : {}) },
          },
        }),
      ),
    ...cursorPaging,
  });
}

export function useModel(modelId: string) {
  return useQuery({
    queryKey: modelKeys.one(modelId),
    queryFn: () => unwrap(api.GET('/api/v1/models/{modelId}', { params: { path: { modelId } } })),
    enabled: modelId !== '',
  });
}

/** Every version of a model, newest first; asked again while one is still pending. */
export function useModelVersions(modelId: string) {
  return useQuery({
    queryKey: modelKeys.versions(modelId),
    queryFn: async () => {
      const versions: ModelVersion[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(
          api.GET('/api/v1/models/{modelId}/versions', {
            params: { path: { modelId }, query: { limit: 100, cursor } },
          }),
        );
        versions.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return versions;
    },
    enabled: modelId !== '',
    refetchInterval: (query) =>
      query.state.data?.some((v) => v.status === 'pending') ? 2000 : false,
  });
}

function useRefreshModel() {
  const queryClient = useQueryClient();
  return (model: Pick<RegisteredModel, 'id' | 'projectId'>) => {
    void queryClient.invalidateQueries({ queryKey: modelKeys.one(model.id) });
    void queryClient.invalidateQueries({ queryKey: modelKeys.all(model.projectId) });
  };
}

export function useCreateModel(projectId: string) {
  const refresh = useRefreshModel();
  return useMutation({
    mutationFn: (body: { name: string; description?: string }) =>
      unwrap(
        api.POST('/api/v1/projects/{projectId}/models', {
          params: { path: { projectId } },
          body,
        }),
      ),
    onSuccess: refresh,
  });
}

/** Where a run goes: an existing model (by id) or a new one (by name). */
export type RegisterTarget = { modelId: string } | { newModelName: string };

/** Registers a succeeded run as the next version of a model, creating the model first if new. */
export function useRegisterRun(projectId: string) {
  const refresh = useRefreshModel();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ target, runId }: { target: RegisterTarget; runId: string }) => {
      const modelId =
        'modelId' in target
          ? target.modelId
          : (
              await unwrap(
                api.POST('/api/v1/projects/{projectId}/models', {
                  params: { path: { projectId } },
                  body: { name: target.newModelName },
                }),
              )
            ).id;
      return unwrap(
        api.POST('/api/v1/models/{modelId}/versions', {
          params: { path: { modelId } },
          body: { runId },
        }),
      );
    },
    onSuccess: (version) => {
      refresh({ id: version.modelId, projectId });
      void queryClient.invalidateQueries({ queryKey: modelKeys.versions(version.modelId) });
    },
  });
}

/** Points an alias at a version; the alias history and the versions' alias lists change with it. */
export function useSetAlias(model: RegisteredModel) {
  const refresh = useRefreshModel();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ alias, version }: { alias: string; version: number }) =>
      unwrap(
        api.PUT('/api/v1/models/{modelId}/aliases/{alias}', {
          params: { path: { modelId: model.id, alias } },
          body: { version },
        }),
      ),
    onSuccess: () => {
      refresh(model);
      void queryClient.invalidateQueries({ queryKey: modelKeys.versions(model.id) });
      void queryClient.invalidateQueries({ queryKey: [...modelKeys.one(model.id), 'aliases'] });
    },
  });
}

/** Removes an alias; its history keeps the removal. */
export function useDeleteAlias(model: RegisteredModel) {
  const refresh = useRefreshModel();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (alias: string) =>
      unwrap(
        api.DELETE('/api/v1/models/{modelId}/aliases/{alias}', {
          params: { path: { modelId: model.id, alias } },
        }),
      ),
    onSuccess: () => {
      refresh(model);
      void queryClient.invalidateQueries({ queryKey: modelKeys.versions(model.id) });
    },
  });
}

export function useAliasHistory(modelId: string, alias: string) {
  return useQuery({
    queryKey: modelKeys.aliasHistory(modelId, alias),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/models/{modelId}/aliases/{alias}/history', {
          params: { path: { modelId, alias }, query: { limit: 100 } },
        }),
      ),
    select: (page) => page.items,
  });
}

export function useModelCard(modelId: string, version: number) {
  return useQuery({
    queryKey: modelKeys.card(modelId, version),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/models/{modelId}/versions/{version}/card', {
          params: { path: { modelId, version: String(version) } },
        }),
      ),
  });
}

export function useUpdateModelCard(modelId: string, version: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (markdown: string) =>
      unwrap(
        api.PUT('/api/v1/models/{modelId}/versions/{version}/card', {
          params: { path: { modelId, version: String(version) } },
          body: { markdown },
        }),
      ),
    onSuccess: (card) => queryClient.setQueryData(modelKeys.card(modelId, version), card),
  });
}

/**
 * An org admin allows export and deployment of a version despite its licence, with a reason; the
 * versions list (badge, who and why) and the lineage's licence facts change with it.
 */
export function useOverrideLicense(modelId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, reason }: { version: number; reason: string }) =>
      unwrap(
        api.POST('/api/v1/models/{modelId}/versions/{version}/licence-override', {
          params: { path: { modelId, version: String(version) } },
          body: { reason },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: modelKeys.versions(modelId) });
      void queryClient.invalidateQueries({ queryKey: ['models', modelId, 'lineage'] });
    },
  });
}

/** The export formats of a version: engine JSON, ONNX, or a zip that runs it in a browser. */
export type ExportFormat = 'json' | 'onnx' | 'bundle';

/**
 * Fetches an export of a version as a file, so a refusal (e.g. `license_restricted`) arrives as
 * an error the page can explain instead of a problem document the browser saves.
 */
export function useExportModelVersion(modelId: string) {
  return useMutation({
    mutationFn: async ({ version, format }: { version: number; format: ExportFormat }) => {
      const call = api.GET('/api/v1/models/{modelId}/versions/{version}/download', {
        params: { path: { modelId, version: String(version) }, query: { format } },
        parseAs: 'blob',
      });
      const blob = await unwrap(call);
      const disposition = (await call).response.headers.get('content-disposition') ?? '';
      const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `model-v${version}.${format}`;
      return { blob, fileName };
    },
  });
}

/** The card as the README.md a browser downloads. */
export function modelCardDownloadUrl(modelId: string, version: number): string {
  return `/api/v1/models/${encodeURIComponent(modelId)}/versions/${version}/card/download`;
}

export function useModelVersionLineage(modelId: string, version: number) {
  return useQuery({
    queryKey: modelKeys.lineage(modelId, version),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/models/{modelId}/versions/{version}/lineage', {
          params: { path: { modelId, version: String(version) } },
        }),
      ),
  });
}

/** What was trained on a dataset version: its runs and the model versions registered from them. */
export function useDatasetVersionLineage(versionId: string | null) {
  return useQuery({
    queryKey: ['dataset-versions', versionId, 'lineage'] as const,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/dataset-versions/{versionId}/lineage', {
          params: { path: { versionId: versionId! } },
        }),
      ),
    enabled: versionId !== null,
  });
}

/** One version by number or alias (its input schema drives the "try it" form). */
export function useModelVersion(modelId: string, version: number | string) {
  return useQuery({
    queryKey: [...modelKeys.versions(modelId), String(version)] as const,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/models/{modelId}/versions/{version}', {
          params: { path: { modelId, version: String(version) } },
        }),
      ),
  });
}
