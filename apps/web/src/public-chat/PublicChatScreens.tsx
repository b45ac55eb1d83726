import { type ReactNode, useEffect, useRef, useState } from 'react';

function Screen(props: { testId: string; title: string; children: ReactNode; action?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Move focus to the new message so screen readers announce the change.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="screen" data-testid={props.testId} aria-labelledby={`${props.testId}-title`}>
      <h1 id={`${props.testId}-title`} tabIndex={-1} ref={heading}>
        {props.title}
      </h1>
      <div className="screen-body">{props.children}</div>
      {props.action && <div className="screen-actions">{props.action}</div>}
    </section>
  );
}

export function LoadingScreen() {
  return (
    <section className="screen skeleton" data-testid="screen-loading" aria-busy="true" aria-live="polite">
      <span className="visually-hidden">Loading the chat…</span>
      <div className="skeleton-line skeleton-title" />
      <div className="skeleton-bubble" />
      <div className="skeleton-bubble skeleton-bubble-short" />
      <div className="skeleton-line skeleton-composer" />
    </section>
  );
}

export function InvalidLinkScreen({ onRetry }: { onRetry: () => void }) {
  return (
    <Screen
      testId="screen-invalid-link"
      title="This link is no longer valid"
      action={
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      }
    >
      <p>This link is no longer valid — ask the owner for a new link.</p>
      <p className="muted">The link may be incomplete, or the owner may have replaced it with a new one.</p>
    </Screen>
  );
}

export function NotAvailableScreen({ onRetry }: { onRetry: () => void }) {
  return (
    <Screen
      testId="screen-not-available"
      title="This chat is not available"
      action={
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      }
    >
      <p>This chat does not exist or is no longer shared. If you expected it to work, ask the owner for a new link.</p>
    </Screen>
  );
}

export function LoginRequiredScreen({ onSignIn }: { onSignIn: () => void }) {
  return (
    <Screen
      testId="screen-login-required"
      title="Sign in to continue"
      action={
        <button type="button" className="primary" onClick={onSignIn}>
          Sign in to chat
        </button>
      }
    >
      <p>The owner of this chat asks visitors to sign in first. You will come back here afterwards.</p>
    </Screen>
  );
}

export function RateLimitedScreen({ retryAfterSeconds, onRetry }: { retryAfterSeconds: number; onRetry: () => void }) {
  const [left, setLeft] = useState(Math.max(0, Math.ceil(retryAfterSeconds)));
  const retried = useRef(false);

  useEffect(() => {
    if (left <= 0) {
      // Try again by itself once the wait is over.
      if (!retried.current) {
        retried.current = true;
        onRetry();
      }
      return;
    }
    const timer = window.setTimeout(() => setLeft((n) => n - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [left, onRetry]);

  return (
    <Screen
      testId="screen-rate-limited"
      title="Too many requests"
      action={
        <button type="button" onClick={onRetry} disabled={left > 0}>
          Try again
        </button>
      }
    >
      <p>Too many requests came from this device or network in a short time. Please wait a moment.</p>
      <p aria-live="polite" data-testid="retry-countdown">
        {left > 0 ? `You can try again in ${left} ${left === 1 ? 'second' : 'seconds'}.` : 'Trying again…'}
      </p>
    </Screen>
  );
}

/** "in about 3 hours" / "in about 40 minutes": the cap resets at the next UTC midnight. */
function untilReset(seconds: number | null): string {
  if (seconds === null) return 'tomorrow';
  const hours = Math.round(seconds / 3600);
  if (hours >= 1) return `in about ${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  const minutes = Math.max(1, Math.round(seconds / 60));
  return `in about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

export function QuotaExceededScreen({
  retryAfterSeconds,
  onRetry,
}: {
  retryAfterSeconds: number | null;
  onRetry: () => void;
}) {
  return (
    <Screen
      testId="screen-quota-exceeded"
      title="This chat is resting for today"
      action={
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      }
    >
      <p>It has answered all the messages its owner allows for one day. Come back {untilReset(retryAfterSeconds)}.</p>
      <p className="muted">Your earlier messages are kept; you can continue the conversation then.</p>
    </Screen>
  );
}

export function UnavailableScreen({ onRetry }: { onRetry: () => void }) {
  return (
    <Screen
      testId="screen-unavailable"
      title="The chat is unavailable right now"
      action={
        <button type="button" className="primary" onClick={onRetry}>
          Retry
        </button>
      }
    >
      <p>We could not reach the chat service. Check your connection and try again in a moment.</p>
    </Screen>
  );
}
