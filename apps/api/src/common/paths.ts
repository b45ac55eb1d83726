import path from 'node:path';
import { fileURLToPath } from 'node:url';

// src/common and dist/common sit at the same depth, so this works for both.
const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const repoRoot = path.resolve(apiRoot, '../..');
export const migrationsDir = path.join(repoRoot, 'prisma/migrations');
export const defaultWebDistDir = path.join(repoRoot, 'apps/web/dist');
/** The committed OpenAPI document (`npm run openapi` writes it). */
export const openApiDocumentPath = path.join(repoRoot, 'docs/openapi.json');
