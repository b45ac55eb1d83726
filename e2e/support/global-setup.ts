import { freshDatabaseEnv, startServer } from './server.js';

/** One product instance for the run, on a fresh database; tests read its URL from E2E_BASE_URL. */
export default async function globalSetup() {
  const database = await freshDatabaseEnv();
  const server = await startServer({ ...database.env, SEED_DEMO: 'false' });
  process.env.E2E_BASE_URL = server.baseUrl;
  return async () => {
    await server.stop();
    await database.drop();
  };
}
