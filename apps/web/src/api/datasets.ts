import type {
  Dataset,
  DatasetPreview,
  DatasetVersion,
  SqlResult,
  UpdateSchemaBody,
  UploadAccepted,
  ValidationRuleInput,
} from '@aistudio/contracts';
import { unwrap } from '@aistudio/sdk';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api } from './client';
import type { DatasetProfile } from './dataset-reports';
import { uploadDataset, type UploadFields, type UploadTarget } from './dataset-upload';
import { allItems, cursorPaging } from './pagination';

export const datasetKeys = {
  list: (projectId: string) => ['projects', projectId, 'datasets'] as const,
  one: (datasetId: string) => ['datasets', datasetId] as const,
  versions: (datasetId: string) => ['datasets', datasetId, 'versions'] as const,
  version: (versionId: string) => ['dataset-versions', versionId] as const,
  preview: (versionId: string, offset: number, limit: number) =>
    ['dataset-versions', versionId, 'preview', offset, limit] as const,
  profile: (versionId: string) => ['dataset-versions', versionId, 'profile'] as const,
  rules: (datasetId: string) => ['datasets', datasetId, 'validation-rules'] as const,
  diff: (datasetId: string, from: number, to: number) =>
    ['datasets', datasetId, 'diff', from, to] as const,
  licenses: ['licenses'] as const,
  attestation: ['attestation'] as const,
};

/** How often a page asks again while ingest runs. */
const POLL_MS = 1000;
/** A review waits for a person: ask now and then, so the uploader sees the outcome arrive. */
const REVIEW_POLL_MS = 15_000;

const processing = (version: DatasetVersion | null | undefined) => version?.status === 'processing';

export function useDatasets(projectId: string) {
  return useInfiniteQuery({
    queryKey: datasetKeys.list(projectId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/projects/{projectId}/datasets', {
          params: { path: { projectId }, query: { limit: 50, cursor: pageParam } },
        }),
      ),
    ...cursorPaging,
    refetchInterval: (query) =>
      allItems(query.state.data).some((d) => processing(d.latestVersion)) ? POLL_MS : false,
  });
}

export function useDataset(datasetId: string) {
  return useQuery({
    queryKey: datasetKeys.one(datasetId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/datasets/{datasetId}', { params: { path: { datasetId } } })),
    refetchInterval: (query) => (processing(query.state.data?.latestVersion) ? POLL_MS : false),
  });
}

export function useDatasetVersions(datasetId: string) {
  return useInfiniteQuery({
    queryKey: datasetKeys.versions(datasetId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/datasets/{datasetId}/versions', {
          params: { path: { datasetId }, query: { limit: 50, cursor: pageParam } },
        }),
      ),
    ...cursorPaging,
    refetchInterval: (query) =>
      allItems(query.state.data).some((v) => processing(v)) ? POLL_MS : false,
  });
}

/** One version, asked again every second while ingest runs and now and then while in review. */
export function useDatasetVersion(versionId: string | undefined) {
  return useQuery({
    queryKey: datasetKeys.version(versionId ?? ''),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/dataset-versions/{versionId}', {
          params: { path: { versionId: versionId! } },
        }),
      ),
    enabled: versionId !== undefined,
    refetchInterval: (query) =>
      processing(query.state.data)
        ? POLL_MS
        : query.state.data?.status === 'review'
          ? REVIEW_POLL_MS
          : false,
  });
}

/** A window of rows; the previous window stays on screen while the next one loads. */
export function useDatasetPreview(versionId: string, offset: number, limit: number) {
  return useQuery({
    queryKey: datasetKeys.preview(versionId, offset, limit),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/dataset-versions/{versionId}/preview', {
          params: { path: { versionId }, query: { limit, offset } },
        }),
      ) as Promise<DatasetPreview>,
    placeholderData: keepPreviousData,
    staleTime: Infinity, // versions are immutable
  });
}

export function useDatasetProfile(versionId: string) {
  return useQuery({
    queryKey: datasetKeys.profile(versionId),
    queryFn: () =>
      // The contract types the profile loosely; dataset-reports.ts mirrors the server's shape.
      unwrap(
        api.GET('/api/v1/dataset-versions/{versionId}/profile', {
          params: { path: { versionId } },
        }),
      ) as Promise<unknown> as Promise<DatasetProfile>,
    staleTime: Infinity,
  });
}

export function useLicenses() {
  return useQuery({
    queryKey: datasetKeys.licenses,
    queryFn: () => unwrap(api.GET('/api/v1/licenses')),
    select: (answer) => answer.items,
    staleTime: Infinity,
  });
}

export function useAttestation() {
  return useQuery({
    queryKey: datasetKeys.attestation,
    queryFn: () => unwrap(api.GET('/api/v1/attestation')),
    staleTime: Infinity,
  });
}

export interface UploadVariables {
  fields: UploadFields;
  onProgress: (share: number) => void;
  signal: AbortSignal;
}

/** A new dataset (target: its project) or a new version (target: the dataset). */
export function useUploadDataset(target: UploadTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ fields, onProgress, signal }: UploadVariables) =>
      uploadDataset(target, fields, { onProgress, signal }),
    onSuccess: (accepted: UploadAccepted) => {
      queryClient.setQueryData(datasetKeys.one(accepted.dataset.id), accepted.dataset);
      void queryClient.invalidateQueries({
        queryKey: datasetKeys.list(accepted.dataset.projectId),
      });
      void queryClient.invalidateQueries({ queryKey: datasetKeys.versions(accepted.dataset.id) });
    },
  });
}

export function useDeleteDataset(dataset: Dataset) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/v1/datasets/{datasetId}', {
          params: { path: { datasetId: dataset.id } },
        }),
      ),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: datasetKeys.one(dataset.id) });
      void queryClient.invalidateQueries({ queryKey: datasetKeys.list(dataset.projectId) });
    },
  });
}

export interface SqlRequest {
  query: string;
  limit: number;
  offset: number;
}

/** Runs one read-only query over the project's datasets; each page is its own call. */
export function useRunSql(projectId: string) {
  return useMutation({
    mutationFn: (body: SqlRequest) =>
      unwrap(
        api.POST('/api/v1/projects/{projectId}/sql', { params: { path: { projectId } }, body }),
      ) as Promise<SqlResult>,
  });
}

export function useValidationRules(datasetId: string) {
  return useQuery({
    queryKey: datasetKeys.rules(datasetId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/datasets/{datasetId}/validation-rules', {
          params: { path: { datasetId } },
        }),
      ),
    select: (answer) => answer.items,
  });
}

export function useCreateValidationRule(datasetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rule: ValidationRuleInput) =>
      unwrap(
        api.POST('/api/v1/datasets/{datasetId}/validation-rules', {
          params: { path: { datasetId } },
          body: rule,
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: datasetKeys.rules(datasetId) }),
  });
}

export function useDeleteValidationRule(datasetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ruleId: string) =>
      unwrap(
        api.DELETE('/api/v1/datasets/{datasetId}/validation-rules/{ruleId}', {
          params: { path: { datasetId, ruleId } },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: datasetKeys.rules(datasetId) }),
  });
}

/** Evaluates the dataset's rules on one version now; the version then carries the results. */
export function useRunValidation(version: DatasetVersion) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/datasets/{datasetId}/versions/{version}/validation', {
          params: { path: { datasetId: version.datasetId, version: version.number } },
        }),
      ),
    onSuccess: (validation) => {
      queryClient.setQueryData<DatasetVersion>(datasetKeys.version(version.id), (old) =>
        old ? { ...old, validation } : old,
      );
      // The validity part of the quality score follows the results.
      void queryClient.invalidateQueries({ queryKey: datasetKeys.profile(version.id) });
    },
  });
}

/** Overrides column types and roles; the answer is the version with its effective schema. */
export function useUpdateSchema(version: DatasetVersion) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSchemaBody) =>
      unwrap(
        api.PATCH('/api/v1/datasets/{datasetId}/versions/{version}/schema', {
          params: { path: { datasetId: version.datasetId, version: version.number } },
          body,
        }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(datasetKeys.version(updated.id), updated);
      void queryClient.invalidateQueries({ queryKey: datasetKeys.versions(updated.datasetId) });
      // The server profiles the version again under the new types and roles.
      void queryClient.invalidateQueries({ queryKey: datasetKeys.profile(updated.id) });
      // Diffs compare effective schemas, so any diff with this version is out of date.
      void queryClient.invalidateQueries({ queryKey: ['datasets', updated.datasetId, 'diff'] });
    },
  });
}

/** What changed between two ready versions. */
export function useDatasetDiff(datasetId: string, from: number, to: number, enabled: boolean) {
  return useQuery({
    queryKey: datasetKeys.diff(datasetId, from, to),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/datasets/{datasetId}/diff', {
          params: { path: { datasetId }, query: { from, to } },
        }),
      ),
    enabled,
  });
}
