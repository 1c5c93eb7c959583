/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// The gateway serves the built files under /console with a Content-Security-Policy of
// script-src 'self': the build must emit no inline script, hence no module-preload polyfill.
// JSX is compiled by esbuild alone (no Babel plugin: nothing in the app needs it).
export default defineConfig({
  base: '/console/',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    rollupOptions: {
      // react-router marks its modules "use client" for server components; meaningless in a bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '^/(ops|merchant|api|console/sign-in)/': { target: 'http://localhost:8080' },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['src/test-setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
