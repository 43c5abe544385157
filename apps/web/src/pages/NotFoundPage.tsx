import { Link } from 'react-router';
import { buttonClasses } from '../components/ui/Button';

export function NotFoundPage() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 p-6 text-center">
      <p className="text-sm font-medium text-zinc-500">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
      <p className="text-sm text-zinc-500">The address may be mistyped, or the page has moved.</p>
      <Link to="/" className={buttonClasses('secondary')}>
        Go home
      </Link>
    </main>
  );
}
