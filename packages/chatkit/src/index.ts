// React wrapper
export { WorkflowChat, type WorkflowChatProps } from './react/WorkflowChat.js';
export { toChatKitOptions, type WorkflowChatAttachments, type WorkflowChatTheme } from './react/chatkit-options.js';

// Auth: chat JWT handling for api.fetch
export type { ChatError, ChatToken } from './auth/chat-token.types.js';
export { createTokenManager, type TokenManager, type TokenManagerOptions } from './auth/token-manager.js';
export { createAuthorizedFetch, type AuthorizedFetchOptions } from './auth/authorized-fetch.js';
export { readChatError, isReportableStatus, parseRetryAfter } from './auth/read-chat-error.js';

// Protocol
export { SseParser, readSseData } from './protocol/sse-parser.js';
export { ChatKitClient, ChatKitHttpError } from './protocol/chatkit-client.js';
export type * from './protocol/protocol.types.js';

// The built-in <openai-chatkit> element and its loader
export { BuiltinChatKitElement, type BuiltinChatKitOptions } from './element/builtin-chatkit-element.js';
export { registerBuiltinChatKit, isBuiltinDefined, CHATKIT_TAG } from './element/register-builtin-chatkit.js';
export { DEFAULT_STRINGS, type ChatStrings } from './element/chat-strings.js';
export {
  loadChatKitElement,
  OPENAI_CHATKIT_SCRIPT_URL,
  type ChatKitElementKind,
  type LoadChatKitElementOptions,
} from './loader/load-chatkit-element.js';
