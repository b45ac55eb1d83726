import { startLlmStub } from '@wfchat/api/dev/llm-stub';
import { baseEnv } from './product.js';
import { freshDatabaseEnv, startServer } from './server.js';

/**
 * One product instance for the run, on a fresh database, and an
 * OpenAI-compatible stub LLM it talks to. Tests read E2E_BASE_URL and
 * E2E_LLM_URL (specs that start their own instances reuse the same stub).
 */
export default async function globalSetup() {
  const llm = await startLlmStub({ chunkDelayMs: 5, slowDelayMs: 250 });
  process.env.E2E_LLM_URL = llm.url;
  const database = await freshDatabaseEnv();
  const server = await startServer({ ...baseEnv(), ...database.env });
  process.env.E2E_BASE_URL = server.baseUrl;
  return async () => {
    await server.stop();
    await database.drop();
    await llm.close();
  };
}
