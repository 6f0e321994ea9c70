import { Link } from 'wouter';
import { StatusMessage } from '../ui/StatusMessage.tsx';

export function NotFoundPage() {
  return (
    <div className="page">
      <h1 className="sr-only">Page not found</h1>
      <StatusMessage
        tone="empty"
        title="There is no page at this address"
        action={
          <Link href="/" className="button button--primary">
            Go to the overview
          </Link>
        }
      />
    </div>
  );
}
