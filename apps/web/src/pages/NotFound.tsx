import { Link } from 'react-router';

export function NotFound() {
  return (
    <main className="page">
      <h1>Page not found</h1>
      <p>
        <Link to="/">Go to Canvas</Link>
      </p>
    </main>
  );
}
