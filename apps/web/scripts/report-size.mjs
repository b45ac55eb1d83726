// Reports what a visitor downloads for /chat/:id (the entry, the public chat
// chunk and everything they import statically) as served: the precompressed
// brotli and gzip files next to each asset. Fails the build when either is
// missing or over its budget. Canvas chunks must not be in that set.
//
// The budget is what crosses the wire: browsers take brotli (Chromium asks for
// it even from http://localhost), so brotli has the 120 KB budget. gzip is for
// clients without brotli and has its own, 125 KB, so it cannot drift away.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const LIMIT_KB = { br: 120, gz: 125 };
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

const totals = { br: 0, gz: 0 };
const rows = [...files].map((file) => {
  const sizes = {};
  for (const ext of ['br', 'gz']) {
    const compressed = join(dist, `${file}.${ext}`);
    if (!existsSync(compressed)) {
      console.error(`report-size: ${file}.${ext} is missing (the build must precompress assets)`);
      process.exit(1);
    }
    sizes[ext] = statSync(compressed).size;
    totals[ext] += sizes[ext];
  }
  const raw = statSync(join(dist, file)).size;
  return `  ${file}  ${(raw / 1024).toFixed(1)} KB, brotli ${(sizes.br / 1024).toFixed(1)} KB, gzip ${(sizes.gz / 1024).toFixed(1)} KB`;
});
console.log(rows.join('\n'));
const kb = { br: totals.br / 1024, gz: totals.gz / 1024 };
console.log(
  `public route JS over the wire: ${kb.br.toFixed(1)} KB brotli (limit ${LIMIT_KB.br} KB), ` +
    `${kb.gz.toFixed(1)} KB gzip (limit ${LIMIT_KB.gz} KB)`,
);
for (const ext of ['br', 'gz']) {
  if (kb[ext] > LIMIT_KB[ext]) {
    console.error(`public route JS (${ext}) is over budget by ${(kb[ext] - LIMIT_KB[ext]).toFixed(1)} KB`);
    process.exit(1);
  }
}
