import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { describeRoles } from './roleLabels.ts';
import { useSignedInUser } from './signedInUser.ts';

/** Said plainly instead of a 403 error: this account's role does not include the page. */
export function NoAccess({ what }: { what: string }) {
  const user = useSignedInUser();
  return (
    <StatusMessage tone="empty" title={`Your role cannot open ${what}`}>
      <p>
        You are signed in as {user.displayName} ({describeRoles(user.roles)}). Ask the clinic's administrator if you need clinical
        access.
      </p>
    </StatusMessage>
  );
}
