import fs from 'node:fs';
import { openApiDocumentPath } from '../common/paths.js';
import { createApiDocument, serializeApiDocument } from '../modules/api-docs/api-docs.document.js';

/** `npm run openapi`: writes docs/openapi.json from the zod contracts (CI fails when it drifts). */
const text = serializeApiDocument(createApiDocument());
const changed = !fs.existsSync(openApiDocumentPath) || fs.readFileSync(openApiDocumentPath, 'utf8') !== text;
if (changed) fs.writeFileSync(openApiDocumentPath, text);
process.stdout.write(`${openApiDocumentPath}: ${changed ? 'written' : 'up to date'}\n`);
