import type { ChatAuthContext } from '../../common/auth/auth-context.js';

/** Whose conversation this is: every store call is scoped by all three. */
export interface ChatContext {
  workflowId: string;
  principal: string;
  mode: ChatAuthContext['mode'];
  /** Recorded on threads it creates; never part of the scope. */
  linkId?: string;
}

export const chatContextOf = (auth: ChatAuthContext): ChatContext => ({
  workflowId: auth.workflowId,
  principal: auth.principal,
  mode: auth.mode,
  linkId: auth.linkId,
});
