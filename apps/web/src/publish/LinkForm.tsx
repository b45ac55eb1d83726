import type { TCreateLinkRequest, TLink, TLinkKind } from '@wfchat/contracts';
import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../lib/api.js';
import { errorText } from '../ui/ErrorText.js';
import { checkOrigins } from './origins.js';

interface Props {
  kind: TLinkKind;
  /** The link being edited; without it the form creates one. */
  link?: TLink;
  busy: boolean;
  /** Rejects with the API's error, which the form then explains. */
  onSubmit: (body: TCreateLinkRequest) => Promise<void>;
  onCancel: () => void;
}

/**
 * "New link" / "New embed", or the edit of one: a label, and for an embed the
 * websites allowed to show it. The token is not touched.
 */
export function LinkForm({ kind, link, busy, onSubmit, onCancel }: Props) {
  const ids = useId();
  const [label, setLabel] = useState(link?.label ?? '');
  const [origins, setOrigins] = useState(link?.allowedOrigins.join('\n') ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const embed = kind === 'embed';
  const noun = embed ? 'embed' : 'link';

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!label.trim()) return setProblem('Give the link a label, e.g. "Newsletter" or "Website".');
    let body: TCreateLinkRequest = { label: label.trim(), kind };
    if (embed) {
      const check = checkOrigins(origins);
      if (!check.ok) return setProblem(check.problem);
      body = { ...body, allowedOrigins: check.origins };
    }
    setProblem(null);
    onSubmit(body).catch((error: unknown) => setProblem(problemOf(error)));
  }

  return (
    <form
      className="new-link stack"
      onSubmit={submit}
      aria-label={link ? `Edit "${link.label}"` : `New ${noun}`}
      data-testid={link ? 'edit-link-form' : 'new-link-form'}
      noValidate
    >
      <label>
        Label
        <input
          value={label}
          maxLength={80}
          placeholder={embed ? 'Website' : 'Newsletter'}
          onChange={(e) => setLabel(e.target.value)}
        />
      </label>
      {embed && (
        <div className="field">
          <label htmlFor={`${ids}-origins`}>Websites allowed to show the chat</label>
          <textarea
            id={`${ids}-origins`}
            rows={3}
            value={origins}
            placeholder={'https://www.example.com\nhttps://shop.example.com'}
            aria-describedby={`${ids}-origins-hint`}
            onChange={(e) => setOrigins(e.target.value)}
          />
          <span id={`${ids}-origins-hint`} className="hint">
            One per line, exactly as in the address bar up to the host (and port): no path, no trailing slash.
          </span>
        </div>
      )}
      {problem && (
        <p role="alert" className="error" data-testid={link ? 'edit-link-problem' : 'new-link-problem'}>
          {problem}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {link ? 'Save changes' : `Create ${noun}`}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The server's refusal in words: its issues are written for people, its summary carries field paths. */
function problemOf(error: unknown): string {
  if (error instanceof ApiError && error.issues.length > 0) return error.issues.map((i) => i.message).join(' ');
  return errorText(error);
}
