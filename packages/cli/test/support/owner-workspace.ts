import { afterAll, beforeAll } from 'vitest';
import { createAccount, createWorkflow, startApi, type Account, type RunningApi } from './api-server.js';
import { runCli, tempHome, type CliResult } from './cli.js';

export interface OwnerWorkspace {
  api: RunningApi;
  owner: Account;
  wf: { id: string; name: string };
  /** The CLI signed in as the owner (through `WFCHAT_TOKEN`), with its own config folder. */
  cli(args: string[]): Promise<CliResult>;
}

/**
 * A real API, an owner with one workflow and a CLI signed in as them: what the
 * suites about one workflow's commands share. Registers its own hooks; the
 * fields are there once `beforeAll` has run.
 */
export function ownerWorkspace(label: string, workflowName: string): OwnerWorkspace {
  let home: ReturnType<typeof tempHome> | undefined;
  const ws = {
    cli: (args: string[]) =>
      runCli(args, {
        env: {
          HOME: home!.home,
          WFCHAT_CONFIG_DIR: home!.configDir,
          WFCHAT_API_URL: ws.api.baseUrl,
          WFCHAT_TOKEN: ws.owner.token,
        },
      }),
  } as OwnerWorkspace;
  beforeAll(async () => {
    ws.api = await startApi();
    ws.owner = await createAccount(ws.api.baseUrl, label);
    ws.wf = await createWorkflow(ws.api.baseUrl, ws.owner.token, workflowName);
    home = tempHome();
  });
  afterAll(async () => {
    await ws.api?.stop();
    home?.cleanup();
  });
  return ws;
}
