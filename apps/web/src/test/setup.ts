import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { resetConfigCache } from '../lib/config.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  window.sessionStorage.clear();
  window.localStorage.clear();
  resetConfigCache();
});
