import { useState } from 'react';

/** The full share link (with its token), shown once right after publish or rotate. */
export function ShareLinkOnce({ shareUrl, onDismiss }: { shareUrl: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(shareUrl);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <div className="share-once" data-testid="share-link" role="region" aria-label="Share link">
      <p className="warning" data-testid="share-link-warning">
        Copy this link now: it will not be shown again. Anyone with the link can chat with this workflow.
      </p>
      <div className="row">
        <input
          readOnly
          value={shareUrl}
          aria-label="Share link"
          data-testid="share-link-url"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="primary" onClick={() => void copy()}>
          Copy link
        </button>
      </div>
      <p role="status" className="muted">
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'failed' && 'Could not copy: select the link and copy it by hand.'}
      </p>
      <button type="button" onClick={onDismiss}>
        I have copied the link
      </button>
    </div>
  );
}
