export function CanvasHome() {
  return (
    <main className="page">
      <h1>Canvas</h1>
      <p>Your workflows will appear here.</p>
    </main>
  );
}
