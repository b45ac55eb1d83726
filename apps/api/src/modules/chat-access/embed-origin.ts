import { ErrorCode } from '@wfchat/contracts';
import { AppError } from '../../common/errors/app-error.js';

/**
 * An `embed` link's token opens chats only from the pages of the websites it
 * lists: the browser names the page's origin in `Origin`, which page scripts
 * cannot change. Fails closed: no `Origin`, no chat. (A non-browser client can
 * send any `Origin`; see docs/guides/embed-on-your-website.md.)
 */
export function checkEmbedOrigin(link: { kind: string; allowedOrigins: string[] }, origin: string | undefined): void {
  if (link.kind !== 'embed') return;
  if (origin === undefined || !link.allowedOrigins.includes(origin)) {
    throw new AppError(
      403,
      ErrorCode.EmbedOriginNotAllowed,
      "This chat is not enabled on this website. Its owner can add the website to the embed's allowed origins.",
    );
  }
}
