import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Builds web/ into web/dist (the local runtime serves it; CDK uploads it to S3).
 * Nothing environment-specific is baked in: the API URL and sign-in settings
 * come from /config.json at run time, so one build serves every stage.
 *
 * `npx vite --config web/vite.config.ts web` gives a hot-reloading dev server
 * that forwards API calls to `npm start` on port 3000 (MARK0_API to change).
 */
const api = process.env['MARK0_API'] || 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  // @contract/* (the API's contract in lambdas/contract, the one part of lambdas/ the app may import) resolves through web/tsconfig.json's paths.
  resolve: { tsconfigPaths: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
    // The app imports the contract from lambdas/contract (one source of truth with the API).
    fs: { allow: ['..'] },
    proxy: Object.fromEntries(['/v1', '/local', '/config.json', '/health'].map((path) => [path, api])),
  },
});
