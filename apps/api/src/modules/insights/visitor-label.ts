import { createHash } from 'node:crypto';
import type { TConversationVisitor } from '@wfchat/contracts';

/**
 * How the author sees who chatted. Only a signed-in account shows its email;
 * everyone else gets a pseudonym derived from the workflow and the principal,
 * stable within one workflow (to follow a returning visitor) but revealing no
 * cookie, id or email, and not linkable across the author's workflows.
 */
export function visitorLabel(workflowId: string, principal: string, accountEmail: string | null): TConversationVisitor {
  if (accountEmail) return { kind: 'user', label: accountEmail };
  const tag = createHash('sha256').update(`${workflowId}\0${principal}`).digest('hex').slice(0, 8);
  if (principal.startsWith('ext:')) return { kind: 'external', label: `External user ${tag}` };
  if (principal.startsWith('server:')) return { kind: 'external', label: `API caller ${tag}` };
  return { kind: 'visitor', label: `Visitor ${tag}` };
}
