import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Library build: one ES module holding the element, the loader and the React
// wrapper. React and @openai/chatkit-react stay external so the host app ships a
// single copy of each, and so the size report measures only our own code.
const external = [/^react($|\/)/, /^react-dom($|\/)/, /^@openai\/chatkit(-react)?($|\/)/];

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: true,
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => 'index.js',
    },
    rollupOptions: { external },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.spec.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
  },
});
