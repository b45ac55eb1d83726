import type { WorkflowChatProps } from '@wfchat/chatkit';
import type { TChatSettings, TPublicWorkflow } from '@wfchat/contracts';

// Types only: the public chat route imports this and must not pull zod in.

/** The part of `<WorkflowChat>`'s props that `definition.chat` decides. */
export type ChatAppearance = Pick<
  WorkflowChatProps,
  'title' | 'greeting' | 'prompts' | 'placeholder' | 'disclaimer' | 'theme'
>;

type ChatSettingsLike = TChatSettings | TPublicWorkflow['chat'];

// An empty or null setting means "the element's default".
const orDefault = (value: string | null | undefined) => value || undefined;

/**
 * The props both surfaces (public page, Canvas bubble and preview) give the
 * chat, from a definition's `chat` (Canvas) or the public metadata's `chat`.
 */
export function chatAppearance(chat: ChatSettingsLike, workflowName: string): ChatAppearance {
  return {
    title: orDefault(chat.title) ?? workflowName,
    greeting: orDefault(chat.greeting),
    prompts: chat.prompts ?? [],
    placeholder: orDefault(chat.placeholder),
    disclaimer: orDefault(chat.disclaimer),
    theme: chat.theme ?? {},
  };
}
