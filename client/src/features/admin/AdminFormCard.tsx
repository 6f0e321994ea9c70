import { type FormEvent, type ReactNode, useId } from 'react';

interface AdminFormCardProps {
  title: string;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  /** A problem that belongs to no field (the server refused as a whole), said once above them. */
  error: string | null;
  submitLabel: string;
  busyLabel: string;
  busy: boolean;
  children: ReactNode;
}

/** The card beside a list that adds to it: its title, the form-wide problem, the fields, one submit. */
export function AdminFormCard({ title, onSubmit, error, submitLabel, busyLabel, busy, children }: AdminFormCardProps) {
  const id = useId();
  const titleId = `${id}-title`;
  const errorId = `${id}-error`;
  return (
    <section className="admin-card admin-card--form" aria-labelledby={titleId}>
      <div className="admin-card__head">
        <h2 className="admin-card__title" id={titleId}>
          {title}
        </h2>
      </div>
      <form className="admin-form" onSubmit={onSubmit} noValidate aria-describedby={error ? errorId : undefined}>
        {error ? (
          <p className="admin-form-error" id={errorId} role="alert">
            {error}
          </p>
        ) : null}
        {children}
        <div className="admin-form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? busyLabel : submitLabel}
          </button>
        </div>
      </form>
    </section>
  );
}
