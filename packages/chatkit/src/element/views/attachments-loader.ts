export type Attachments = typeof import('./attachments.js');

let attachments: Attachments | null = null;
let loading: Promise<Attachments> | null = null;

/** The attachment code: a chunk of its own, fetched when a chat takes files or shows a message that has some. */
export function loadAttachments(): Promise<Attachments> {
  loading ??= import('./attachments.js').then((module) => (attachments = module));
  return loading;
}

export function loadedAttachments(): Attachments | null {
  return attachments;
}
