import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useState } from 'react';
import { AuthGate } from './AuthGate.tsx';
import { createQueryClient } from './queryClient.ts';

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <AuthGate />
      </QueryClientProvider>
    </StrictMode>
  );
}
