import type { LoginBody, RegisterBody, Session, SetupBody } from '@aistudio/contracts';
import { ApiError, unwrap } from '@aistudio/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from './client';

export const sessionKey = ['session'] as const;
export const instanceKey = ['instance'] as const;

export function useInstance() {
  return useQuery({
    queryKey: instanceKey,
    queryFn: () => unwrap(api.GET('/api/v1/instance')),
    staleTime: 60_000,
  });
}

/** The signed-in user, or null when signed out (a 401 is an answer here, not an error). */
export function useSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: async (): Promise<Session | null> => {
      try {
        const session = await unwrap(api.GET('/api/v1/auth/me'));
        setCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** After login/setup/register: keep the token and replace everything cached for a previous user. */
function useStartSession() {
  const queryClient = useQueryClient();
  return (session: Session) => {
    setCsrfToken(session.csrfToken);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'instance' });
    queryClient.setQueryData(sessionKey, session);
    void queryClient.invalidateQueries({ queryKey: instanceKey });
  };
}

export function useLogin() {
  const start = useStartSession();
  return useMutation({
    mutationFn: (body: LoginBody) => unwrap(api.POST('/api/v1/auth/login', { body })),
    onSuccess: start,
  });
}

export function useSetup() {
  const start = useStartSession();
  return useMutation({
    mutationFn: (body: SetupBody) => unwrap(api.POST('/api/v1/auth/setup', { body })),
    onSuccess: start,
  });
}

export function useRegister() {
  const start = useStartSession();
  return useMutation({
    mutationFn: (body: RegisterBody) => unwrap(api.POST('/api/v1/auth/register', { body })),
    onSuccess: start,
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/logout')),
    onSuccess: () => {
      setCsrfToken(null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'instance' });
      queryClient.setQueryData(sessionKey, null);
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      unwrap(api.POST('/api/v1/auth/password', { body })),
  });
}

export function useUpdateInstance() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { openRegistration: boolean }) =>
      unwrap(api.PATCH('/api/v1/instance', { body })),
    onSuccess: (instance) => queryClient.setQueryData(instanceKey, instance),
  });
}
