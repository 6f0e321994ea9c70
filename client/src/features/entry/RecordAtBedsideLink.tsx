import { Link } from 'wouter';
import { useCan } from '../auth/signedInUser.ts';
import { loadEntryPage } from './lazyEntryPages.ts';
import './RecordAtBedsideLink.css';

/** From the session record to its bedside entry screen, for those who may record. */
export function RecordAtBedsideLink({ sessionId }: { sessionId: string }) {
  const mayRecord = useCan('observation.record');
  if (!mayRecord) return null;
  return (
    <Link
      href={`/sessions/${sessionId}/record`}
      className="button button--primary record-at-bedside"
      onPointerEnter={() => void loadEntryPage()}
      onFocus={() => void loadEntryPage()}
    >
      Record vitals and side effects <span aria-hidden="true">→</span>
    </Link>
  );
}
