// Reports the gzip size of what a host downloads for the chat (element + loader +
// React wrapper + the lazily loaded Markdown parser chunk; React and
// @openai/chatkit-react are external) and fails the build when it grows past
// the budget.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const LIMIT_KB = 60;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const chunks = readdirSync(dist).filter((file) => file.endsWith('.js'));
const sizes = chunks.map((file) => [file, gzipSync(readFileSync(dist + file), { level: 9 }).length / 1024]);
const kb = sizes.reduce((sum, [, size]) => sum + size, 0);
console.log(`chatkit bundle: ${kb.toFixed(1)} KB gzip (limit ${LIMIT_KB} KB): ${sizes.map(([file, size]) => `${file} ${size.toFixed(1)}`).join(', ')}`);
if (kb > LIMIT_KB) {
  console.error(`chatkit bundle is over the ${LIMIT_KB} KB gzip budget`);
  process.exit(1);
}
