// Reports the gzip size of the most a host downloads for the chat (element +
// loader + React wrapper + every lazily loaded chunk: Markdown, rich items,
// attachments, history; React and @openai/chatkit-react are external) and fails
// the build when it grows past the budget. Translations are chunks of their own
// and a chat loads at most one, so only the largest counts.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const LIMIT_KB = 60;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const localesDir = fileURLToPath(new URL('../src/element/locales/', import.meta.url));
const locales = new Set(readdirSync(localesDir).map((file) => file.replace(/\.ts$/, '')));
const isLocale = (file) => locales.has(file.replace(/-[\w-]{8}\.js$/, ''));

const chunks = readdirSync(dist).filter((file) => file.endsWith('.js'));
const sizes = chunks.map((file) => [file, gzipSync(readFileSync(dist + file), { level: 9 }).length / 1024]);
const largestLocale = Math.max(0, ...sizes.filter(([file]) => isLocale(file)).map(([, size]) => size));
const kb = sizes.filter(([file]) => !isLocale(file)).reduce((sum, [, size]) => sum + size, largestLocale);
console.log(
  `chatkit bundle: ${kb.toFixed(1)} KB gzip with its largest translation (limit ${LIMIT_KB} KB): ` +
    sizes.map(([file, size]) => `${file} ${size.toFixed(1)}`).join(', '),
);
if (kb > LIMIT_KB) {
  console.error(`chatkit bundle is over the ${LIMIT_KB} KB gzip budget`);
  process.exit(1);
}
