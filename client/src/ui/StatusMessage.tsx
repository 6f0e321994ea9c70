import type { ReactNode } from 'react';
import './StatusMessage.css';

interface StatusMessageProps {
  tone: 'loading' | 'empty' | 'error';
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}

/** The page-level loading, empty and error states, so every page says the same thing the same way. */
export function StatusMessage({ tone, title, children, action }: StatusMessageProps) {
  return (
    <div className={`status-message status-message--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {tone === 'loading' ? <span className="status-message__spinner" aria-hidden="true" /> : null}
      <p className="status-message__title">{title}</p>
      {children ? <div className="status-message__body">{children}</div> : null}
      {action ? <div className="status-message__action">{action}</div> : null}
    </div>
  );
}
