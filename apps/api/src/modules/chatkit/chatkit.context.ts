import type { ChatAuthContext } from '../../common/auth/auth-context.js';

/** Whose conversation this is: every store call is scoped by all three. */
export interface ChatContext {
  workflowId: string;
  principal: string;
  mode: ChatAuthContext['mode'];
}

export const chatContextOf = (auth: ChatAuthContext): ChatContext => ({
  workflowId: auth.workflowId,
  principal: auth.principal,
  mode: auth.mode,
});
