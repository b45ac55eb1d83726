import { defaultDefinition } from '@wfchat/contracts';
import { client } from './http.js';

/** Creates a workflow as the signed-in owner (cookie) and returns it. */
export async function createWorkflow(baseUrl: string, cookie: string, body: Record<string, unknown> = {}) {
  const res = await client(baseUrl).post('/workflows', { name: `Workflow ${Date.now()}`, ...body }, { cookie });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A valid definition whose template answers with a recognisable text. */
export function templateDefinition(text: string) {
  const d = defaultDefinition();
  return {
    ...d,
    nodes: d.nodes.map((n) => (n.type === 'template' ? { ...n, config: { template: text } } : n)),
  };
}
