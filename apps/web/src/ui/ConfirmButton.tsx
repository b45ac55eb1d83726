import { type ReactNode, useState } from 'react';

interface Props {
  /** The first button's text, e.g. "Rotate link". */
  label: string;
  /** What will happen, shown before the user confirms. */
  question: ReactNode;
  /** The confirming button's text, e.g. "Yes, rotate". */
  confirmLabel: string;
  onConfirm: () => void | Promise<void>;
  danger?: boolean;
  disabled?: boolean;
  testId?: string;
}

/** A two-step button: the action runs only after an explicit confirmation in place. */
export function ConfirmButton(props: Props) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);

  if (!asking) {
    return (
      <button
        type="button"
        className={props.danger ? 'danger' : undefined}
        disabled={props.disabled}
        onClick={() => setAsking(true)}
        data-testid={props.testId}
      >
        {props.label}
      </button>
    );
  }
  return (
    <div
      className="confirm"
      role="alertdialog"
      aria-label={props.label}
      data-testid={props.testId && `${props.testId}-confirm`}
    >
      <p>{props.question}</p>
      <button
        type="button"
        className={props.danger ? 'danger' : 'primary'}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await props.onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {props.confirmLabel}
      </button>
      <button type="button" disabled={busy} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </div>
  );
}
