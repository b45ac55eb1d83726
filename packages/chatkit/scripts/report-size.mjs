// Reports the gzip size of what a host downloads for the chat (element + loader +
// React wrapper; React and @openai/chatkit-react are external) and fails the
// build when it grows past the budget.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const LIMIT_KB = 60;
const bundle = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const gzipBytes = gzipSync(readFileSync(bundle), { level: 9 }).length;
const kb = gzipBytes / 1024;
console.log(`chatkit bundle: ${kb.toFixed(1)} KB gzip (limit ${LIMIT_KB} KB)`);
if (kb > LIMIT_KB) {
  console.error(`chatkit bundle is over the ${LIMIT_KB} KB gzip budget`);
  process.exit(1);
}
