import { defineConfig } from 'vite';

/**
 * The website embed loader, `dist/embed.js`: one self-contained classic
 * script (IIFE) that websites include by this fixed name. Built after the app,
 * into the same folder, which it must not empty.
 */
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    copyPublicDir: false,
    sourcemap: false,
    lib: {
      entry: 'src/embed/embed-loader.ts',
      formats: ['iife'],
      name: 'wfchatEmbed',
      fileName: () => 'embed.js',
    },
  },
});
