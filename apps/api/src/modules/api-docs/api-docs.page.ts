import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const swaggerUiDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/**
 * The reference page: Swagger UI from our own origin, started by a script file
 * (the page CSP allows no inline script). URLs are relative so the page works
 * under any path a proxy mounts the API at.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>wfchat API reference</title>
    <link rel="stylesheet" href="docs/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="docs/swagger-ui-bundle.js"></script>
    <script src="docs/start.js"></script>
  </body>
</html>
`;

// validatorUrl: null keeps Swagger UI from asking an outside validator for a badge.
const START_SCRIPT = `window.ui = SwaggerUIBundle({
  url: 'openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

interface DocsAsset {
  type: string;
  read(): Buffer;
}

const fromSwaggerUi = (file: string, type: string): DocsAsset => ({
  type,
  read: () => fs.readFileSync(path.join(swaggerUiDir, file)),
});

/** The only files served under `/api/docs/`: a fixed list, never a path from the request. */
export const DOCS_ASSETS: Record<string, DocsAsset> = {
  'swagger-ui.css': fromSwaggerUi('swagger-ui.css', 'text/css; charset=utf-8'),
  'swagger-ui-bundle.js': fromSwaggerUi('swagger-ui-bundle.js', 'text/javascript; charset=utf-8'),
  'start.js': { type: 'text/javascript; charset=utf-8', read: () => Buffer.from(START_SCRIPT) },
};
