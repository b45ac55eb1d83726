import { z } from 'zod';

// Zod probes for `eval` (new Function) to compile fast parsers. The web app's
// Content-Security-Policy forbids eval, so the probe would log a violation on
// every page: parse without it.
z.config({ jitless: true });
