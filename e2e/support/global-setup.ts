import { startLlmStub } from '@wfchat/api/dev/llm-stub';
import { baseEnv } from './product.js';
import { startApiProcess as startServer } from '@wfchat/api/dev/api-process';
import { freshDatabase } from '@wfchat/api/dev/fresh-database';

/**
 * One product instance for the run, on a fresh database, and an
 * OpenAI-compatible stub LLM it talks to. Tests read E2E_BASE_URL and
 * E2E_LLM_URL (specs that start their own instances reuse the same stub).
 */
export default async function globalSetup() {
  const llm = await startLlmStub({ chunkDelayMs: 5, slowDelayMs: 250 });
  process.env.E2E_LLM_URL = llm.url;
  const database = await freshDatabase('e2e');
  const server = await startServer({ ...baseEnv(), ...database.env });
  process.env.E2E_BASE_URL = server.baseUrl;
  return async () => {
    await server.stop();
    await database.drop();
    await llm.close();
  };
}
