#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { normalizeApiUrl, WfchatApiClient } from '@wfchat/cli/api-client';
import { createServer } from './server.js';

/** The configuration, read once at start; every problem is reported together. */
function readConfig(env: NodeJS.ProcessEnv): { apiUrl: string; token: string } | { problems: string[] } {
  const problems: string[] = [];
  const rawUrl = env.WFCHAT_API_URL?.trim();
  const token = env.WFCHAT_TOKEN?.trim();
  let apiUrl = '';
  if (!rawUrl) problems.push('WFCHAT_API_URL is not set (the wfchat server address, e.g. https://chat.example.com)');
  else {
    try {
      apiUrl = normalizeApiUrl(rawUrl);
    } catch (err) {
      problems.push(`WFCHAT_API_URL: ${(err as Error).message}`);
    }
  }
  if (!token)
    problems.push('WFCHAT_TOKEN is not set (an API token, wfa_…, created in the web app: Account → API tokens)');
  return problems.length > 0 ? { problems } : { apiUrl, token: token! };
}

const config = readConfig(process.env);
if ('problems' in config) {
  process.stderr.write(`wfchat-mcp: cannot start:\n${config.problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const api = new WfchatApiClient({ apiUrl: config.apiUrl, token: config.token, userAgent: `wfchat-mcp/${version}` });
const server = createServer(api, version);
await server.connect(new StdioServerTransport());
process.stderr.write(`wfchat-mcp ${version}: serving ${config.apiUrl} over stdio\n`);
