// The attachments chunk: everything the element needs to take and show files,
// fetched only by chats whose composer takes files or whose thread has some.
export { AttachmentDrafts, type Draft } from '../attachment-drafts.js';
export { acceptAttribute, type AttachmentsOption } from '../attachment-rules.js';
export { attachButtonView } from './attach-button-view.js';
export { attachmentTrayView } from './attachment-tray-view.js';
export { attachmentFace, messageAttachmentsView, type AttachmentFace } from './attachment-view.js';
export { ATTACHMENT_STYLES } from './attachment-styles.js';
export { withAttachmentStrings } from '../attachment-strings.js';
// The wrapper's uploads need it exactly when files are being attached.
export { progressFetch } from '../../protocol/progress-fetch.js';
