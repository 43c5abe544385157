import { ApiError } from '@aistudio/sdk';
import { QueryClient } from '@tanstack/react-query';

// A 4xx will answer the same again: retry only network failures and 5xx.
const retryTransient = (failureCount: number, error: unknown) =>
  !(error instanceof ApiError && error.status < 500) && failureCount < 2;

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: retryTransient, staleTime: 15_000, refetchOnWindowFocus: false },
    },
  });
}
