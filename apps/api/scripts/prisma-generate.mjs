// Runs `prisma generate` offline. The CLI insists on locating a schema-engine
// binary it cannot download here and that generation never uses, so we point
// it at an existing file (see docs/adr/0001-prisma-migrations-as-sql.md).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
const bin = path.join(root, 'node_modules/prisma/build/index.js');
const result = spawnSync(process.execPath, [bin, 'generate', '--schema', path.join(root, 'prisma/schema.prisma')], {
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
  cwd: root,
});
if (result.status !== 0) {
  process.stdout.write(result.stdout);
  process.exit(result.status ?? 1);
}
