import { useEffect, useRef, useState } from 'react';
import { type Location, useBlocker, useNavigate } from 'react-router';

/**
 * Asks before leaving with unsaved changes: in-app navigation through the
 * router's blocker (with our own dialog), closing or reloading the tab through
 * the browser's `beforeunload` prompt.
 *
 * The dialog opens from the blocker's callback rather than from the blocker's
 * state: the router hands that state to components inside a React transition,
 * and with the graph canvas mounted that transition was seen never to commit
 * in Chromium (the navigation stayed blocked with no dialog).
 */
export function UnsavedChangesGuard({ when }: { when: boolean }) {
  const navigate = useNavigate();
  const [pending, setPending] = useState<Location | null>(null);
  const leaving = useRef(false);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => {
    const block = when && !leaving.current && currentLocation.pathname !== nextLocation.pathname;
    if (block) setPending(nextLocation);
    return block;
  });
  useEffect(() => {
    if (!when) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [when]);

  if (!pending) return null;
  const stay = () => {
    setPending(null);
    if (blocker.state === 'blocked') blocker.reset();
  };
  const leave = () => {
    leaving.current = true;
    setPending(null);
    void navigate(`${pending.pathname}${pending.search}${pending.hash}`);
  };
  return (
    <div className="leave-guard" role="alertdialog" aria-modal="true" aria-labelledby="leave-guard-title">
      <div className="card">
        <p id="leave-guard-title">
          <strong>Leave without saving?</strong> Your changes to this workflow are not saved yet.
        </p>
        <div className="row">
          <button type="button" className="primary" onClick={stay}>
            Stay and keep editing
          </button>
          <button type="button" className="danger" onClick={leave}>
            Leave and discard changes
          </button>
        </div>
      </div>
    </div>
  );
}
