import type { ChatStrings } from './chat-strings.js';

export type AttachmentStrings = Required<Pick<ChatStrings, AttachmentKey>>;
type AttachmentKey = { [K in keyof ChatStrings]-?: undefined extends ChatStrings[K] ? K : never }[keyof ChatStrings];

/** English attachment labels: only chats that take or show files download them. */
export const ATTACHMENT_STRINGS: AttachmentStrings = {
  attach: 'Attach files',
  attachmentsLabel: 'Attachments',
  removeAttachment: 'Remove {name}',
  attachmentUploading: 'Uploading {name}…',
  attachmentAttached: '{name} attached.',
  attachmentRemoved: '{name} removed.',
  attachmentTooLarge: '{name} is larger than {size}. Choose a smaller file.',
  attachmentUnsupportedType: '{name}: this chat does not accept this type of file.',
  attachmentTooMany: 'You can attach up to {count} files to one message. Remove one to add another.',
  attachmentUploadFailed: '{name} could not be uploaded. Remove it and try again.',
  attachmentsStillUploading: 'Wait until your files have finished uploading, then send.',
};

/** The chat's strings with every attachment label set (the language's, else English); resolveStrings never leaves a label undefined. */
export function withAttachmentStrings(strings: ChatStrings): ChatStrings & AttachmentStrings {
  return { ...ATTACHMENT_STRINGS, ...strings } as ChatStrings & AttachmentStrings;
}
