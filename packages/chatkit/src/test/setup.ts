import { loadTranslation, TRANSLATED_LANGUAGES } from '../element/chat-strings.js';
import { loadMarkdown } from '../element/views/markdown-loader.js';
import { loadRichItems } from '../element/views/rich-items-loader.js';
import { loadAttachments } from '../element/views/attachments-loader.js';

// The element loads its Markdown view, widget views, attachment code and translations lazily; tests start
// with them loaded so that what they see does not depend on import timing
// (languages.spec checks the lazy path on its own).
await loadMarkdown();
await Promise.all(TRANSLATED_LANGUAGES.map((language) => loadTranslation(language)));
await loadRichItems();
await loadAttachments();
