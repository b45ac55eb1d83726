// Reports the gzip size of the JavaScript a visitor downloads for /chat/:id
// (the entry, the public chat chunk and everything they import statically)
// and fails the build above the budget. Canvas chunks must not be in that set.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const LIMIT_KB = 150;
const PUBLIC_CHAT_SOURCE = 'src/public-chat/PublicChatPage.tsx';
const dist = new URL('../dist/', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
if (!entryKey) throw new Error('report-size: no entry in the Vite manifest');
if (!manifest[PUBLIC_CHAT_SOURCE]) throw new Error(`report-size: ${PUBLIC_CHAT_SOURCE} is not a chunk of its own`);

const files = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
visit(entryKey);
visit(PUBLIC_CHAT_SOURCE);

// Canvas must stay out of what visitors download.
const CANVAS_SOURCES = /^src\/(canvas|canvas-chat|workflows|workflow|publish|auth)\//;
const leaked = Object.entries(manifest)
  .filter(([key, chunk]) => CANVAS_SOURCES.test(key) && files.has(chunk.file))
  .map(([key]) => key);
if (leaked.length) {
  console.error(`public route loads Canvas code: ${leaked.join(', ')}`);
  process.exit(1);
}

let total = 0;
const rows = [...files].map((file) => {
  const size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += size;
  return `  ${file}  ${(size / 1024).toFixed(1)} KB`;
});
const kb = total / 1024;
console.log(rows.join('\n'));
console.log(`public route JS: ${kb.toFixed(1)} KB gzip (limit ${LIMIT_KB} KB)`);
if (kb > LIMIT_KB) {
  console.error(`public route JS is over budget by ${(kb - LIMIT_KB).toFixed(1)} KB`);
  process.exit(1);
}
