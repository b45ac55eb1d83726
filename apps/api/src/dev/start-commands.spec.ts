import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { API_NODE_FLAGS } from './api-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const flags = API_NODE_FLAGS.join(' ');

/**
 * Every way the product is started gives Node the same flags as the processes
 * the tests and benches start: a deployment measured by the benches is one
 * that runs with them.
 */
describe('start commands', () => {
  it('npm start (root and API package) passes the API flags', () => {
    expect(JSON.parse(read('package.json')).scripts.start).toContain(`node ${flags} apps/api/dist/main.js`);
    expect(JSON.parse(read('apps/api/package.json')).scripts.start).toBe(`node ${flags} dist/main.js`);
  });

  it('the Dockerfile and the systemd unit pass the API flags', () => {
    const cmd = JSON.stringify(['node', ...API_NODE_FLAGS, 'apps/api/dist/main.js']).replaceAll(',', ', ');
    expect(read('deploy/Dockerfile')).toContain(`CMD ${cmd}`);
    expect(read('deploy/systemd/wfchat@.service')).toContain(`ExecStart=/usr/bin/node ${flags} apps/api/dist/main.js`);
  });
});
