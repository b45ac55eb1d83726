import type { WorkflowChatProps } from '@wfchat/chatkit';
import type { TChatSettings, TPublicWorkflow } from '@wfchat/contracts';

// Types only: the public chat route imports this and must not pull zod in.

/** The part of `<WorkflowChat>`'s props that `definition.chat` decides. */
export type ChatAppearance = Pick<
  WorkflowChatProps,
  'title' | 'greeting' | 'prompts' | 'placeholder' | 'disclaimer' | 'theme' | 'attachments'
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
    attachments: attachmentsOf(chat),
  };
}

const MB = 1024 * 1024;

/**
 * The public metadata carries the effective settings (the author's switch
 * narrowed by the server's limits); a definition (Canvas) carries the author's
 * switch, whose limits the server narrows again on upload.
 */
function attachmentsOf(chat: ChatSettingsLike): ChatAppearance['attachments'] {
  const settings = chat.attachments;
  if (!settings?.enabled) return undefined;
  if ('maxSizeBytes' in settings) return settings;
  return {
    enabled: true,
    ...(settings.accept ? { accept: settings.accept } : {}),
    ...(settings.maxSizeMb ? { maxSizeBytes: Math.floor(settings.maxSizeMb * MB) } : {}),
  };
}
