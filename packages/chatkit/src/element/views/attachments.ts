// The attachments chunk: everything the element needs to take and show files,
// fetched only by chats whose composer takes files or whose thread has some.
export { ComposerFiles } from '../composer-files.js';
export { ATTACHMENT_STYLES } from './attachment-styles.js';
// The wrapper's uploads need it exactly when files are being attached.
export { progressFetch } from '../../protocol/progress-fetch.js';
