import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, defaultClientConditions } from 'vite';

// Bundle workspace packages from source so the SPA never depends on their build output.
export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: { conditions: ['@aistudio/source', ...defaultClientConditions] },
  // `npm run dev -w @aistudio/web` next to `aistudio serve` on its default port.
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Vendor code changes rarely: separate chunks stay cached across app releases.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/,
            },
            { name: 'tanstack', test: /node_modules[\\/]@tanstack[\\/]/ },
          ],
        },
      },
    },
  },
});
