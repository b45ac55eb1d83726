import { useId, useState } from 'react';
import { QrCode } from './QrCode.js';

export interface RevealedLink {
  /** The link's label, when the reveal belongs to one of several links. */
  label?: string;
  shareUrl: string;
  /** Embeds only: the script tag for the website. */
  embedSnippet?: string;
}

/** A copy button with its own "copied" / "could not copy" line. */
function CopyButton({ text, label, primary }: { text: string; label: string; primary?: boolean }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }
  return (
    <>
      <button type="button" className={primary ? 'primary' : undefined} onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" className="muted copy-status">
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'failed' && 'Could not copy: select the text and copy it by hand.'}
      </span>
    </>
  );
}

/**
 * The full link (with its token), shown once after publish, create or rotate:
 * copy, a QR code for phones, and for an embed the script tag to paste.
 */
export function LinkReveal({ link, onDismiss }: { link: RevealedLink; onDismiss: () => void }) {
  const embed = link.embedSnippet !== undefined;
  const ids = useId();
  return (
    <div className="share-once" data-testid="share-link" role="region" aria-label="New link">
      <p className="warning" data-testid="share-link-warning">
        {link.label && <strong>{link.label}: </strong>}
        Copy this {embed ? 'snippet' : 'link'} now: it will not be shown again.{' '}
        {embed ? 'It works only on the websites you listed.' : 'Anyone with the link can chat with this workflow.'}
      </p>
      <div className="reveal-body">
        <div className="stack reveal-texts">
          <label htmlFor={`${ids}-url`}>Link</label>
          <div className="row">
            <input
              id={`${ids}-url`}
              readOnly
              value={link.shareUrl}
              data-testid="share-link-url"
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton text={link.shareUrl} label="Copy link" primary={!embed} />
          </div>
          {embed && (
            <>
              <label htmlFor={`${ids}-snippet`}>Paste into your website&apos;s HTML</label>
              <textarea
                id={`${ids}-snippet`}
                readOnly
                rows={4}
                value={link.embedSnippet}
                className="snippet"
                data-testid="embed-snippet"
                onFocus={(e) => e.currentTarget.select()}
              />
              <div className="row">
                <CopyButton text={link.embedSnippet!} label="Copy snippet" primary />
              </div>
            </>
          )}
        </div>
        <figure className="reveal-qr">
          <QrCode text={link.shareUrl} label="QR code of the link" />
          <figcaption className="muted">Scan to open on a phone</figcaption>
        </figure>
      </div>
      <button type="button" onClick={onDismiss}>
        {embed ? 'I have copied the snippet' : 'I have copied the link'}
      </button>
    </div>
  );
}
