export function PanelLoading() {
  return (
    <div className="chat-panel-status" data-testid="canvas-chat-loading" aria-busy="true">
      Starting the chat…
    </div>
  );
}
