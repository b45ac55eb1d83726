import { useEffect } from 'react';
import { useBlocker } from 'react-router';

/**
 * Asks before leaving with unsaved changes: in-app navigation through the
 * router's blocker (with our own dialog), closing or reloading the tab through
 * the browser's `beforeunload` prompt.
 */
export function UnsavedChangesGuard({ when }: { when: boolean }) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => when && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!when) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [when]);

  if (blocker.state !== 'blocked') return null;
  return (
    <div className="leave-guard" role="alertdialog" aria-modal="true" aria-labelledby="leave-guard-title">
      <div className="card">
        <p id="leave-guard-title">
          <strong>Leave without saving?</strong> Your changes to this workflow are not saved yet.
        </p>
        <div className="row">
          <button type="button" className="primary" onClick={() => blocker.reset()}>
            Stay and keep editing
          </button>
          <button type="button" className="danger" onClick={() => blocker.proceed()}>
            Leave and discard changes
          </button>
        </div>
      </div>
    </div>
  );
}
