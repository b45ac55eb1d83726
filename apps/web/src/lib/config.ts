import type { TClientConfig } from '@wfchat/contracts';
import { useEffect, useState } from 'react';
import { publicApi as api } from './public-api.js';

/** Used when /api/config cannot be read: the API refuses disabled features anyway (404 feature.disabled). */
export const FALLBACK_CONFIG: TClientConfig = {
  // Unknown: templates needing an LLM stay offered; the chat says so if none is configured.
  features: { publish: true, canvasChat: true, llm: true },
  chatkit: { element: 'builtin', domainKey: null },
  auth: { signupAllowed: true, oidc: null },
};

let cached: Promise<TClientConfig> | null = null;

/** The client config, fetched once per page load. */
export function loadConfig(): Promise<TClientConfig> {
  cached ??= api.config().catch(() => {
    cached = null; // try again next time
    return FALLBACK_CONFIG;
  });
  return cached;
}

/** For tests. */
export function resetConfigCache(): void {
  cached = null;
}

/** `null` while loading. */
export function useClientConfig(): TClientConfig | null {
  const [config, setConfig] = useState<TClientConfig | null>(null);
  useEffect(() => {
    let active = true;
    void loadConfig().then((value) => {
      if (active) setConfig(value);
    });
    return () => {
      active = false;
    };
  }, []);
  return config;
}
