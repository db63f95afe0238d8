import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/errors.ts';
import { createAppRouter } from './app/router.tsx';
import { applyStoredTheme } from './app/theme.tsx';
import { sessionExpired, sessionQuery } from './auth/session.ts';
import './styles.css';

/** A 401 while a session was loaded means it ended under the page: the shell's dialog signs in again in place. */
const onError = (error: unknown) => {
  if (error instanceof ApiError && error.isUnauthenticated && queryClient.getQueryData(sessionQuery.queryKey))
    sessionExpired.mark();
};
const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Retry what may pass on its own (network, 5xx), never a refusal.
      retry: (count, error) => count < 2 && (!(error instanceof ApiError) || error.isRetryable),
    },
  },
});

applyStoredTheme();
const router = createAppRouter(queryClient);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
