import { chairInputSchema } from '../../../../shared/schemas/chair.ts';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { useCan } from '../auth/signedInUser.ts';
import { AdminFormCard } from './AdminFormCard.tsx';
import { AdminNotice, useAdminNotice } from './AdminNotice.tsx';
import { InputField } from './Field.tsx';
import { useChairList, useCreateChair } from './adminQueries.ts';
import { useDraftForm } from './useDraftForm.ts';

const blank = () => ({ id: crypto.randomUUID(), label: '', room: '' });

/** The clinic's chairs: sessions are scheduled onto them and the ward shows one card each. */
export function ChairsPanel() {
  const mayManage = useCan('chair.manage');
  const chairs = useChairList();
  const createChair = useCreateChair();
  const [notice, announce] = useAdminNotice();
  const form = useDraftForm({
    fields: ['label', 'room'] as const,
    blank,
    schema: chairInputSchema,
    mutation: createChair,
    onSaved: (chair) => announce(`${chair.label} added.`),
  });

  const list = chairs.data ?? [];

  return (
    <div className="admin-split">
      <section className="admin-card" aria-labelledby="chairs-title">
        <div className="admin-card__head">
          <h2 className="admin-card__title" id="chairs-title">
            Chairs
          </h2>
          {chairs.data ? <p className="admin-card__summary">{list.length} chairs</p> : null}
        </div>
        <AdminNotice notice={notice} />
        {chairs.isPending ? (
          <StatusMessage tone="loading" title="Loading chairs…" />
        ) : chairs.isError ? (
          <StatusMessage
            tone="error"
            title="The chairs could not be loaded"
            action={
              <button type="button" className="button button--primary" onClick={() => void chairs.refetch()}>
                Try again
              </button>
            }
          >
            <p>{chairs.error.message}</p>
          </StatusMessage>
        ) : list.length === 0 ? (
          <p className="admin-empty">No chairs yet. Add the first one to start scheduling sessions.</p>
        ) : (
          <div className="admin-table-wrap">
            <table className="admin-table" data-admin-table="chairs">
              <caption className="sr-only">Chairs, by label</caption>
              <thead>
                <tr>
                  <th scope="col">Chair</th>
                  <th scope="col">Room</th>
                </tr>
              </thead>
              <tbody>
                {list.map((chair) => (
                  <tr key={chair.id}>
                    <th scope="row">
                      <span className="admin-person__name">{chair.label}</span>
                    </th>
                    <td>{chair.room || <span className="admin-muted">No room given</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {mayManage ? (
        <AdminFormCard title="Add a chair" onSubmit={form.submit} error={form.formError} submitLabel="Add chair" busyLabel="Adding…" busy={createChair.isPending}>
          <InputField {...form.textField('label')} label="Label" autoComplete="off" hint="Shown on the ward card, e.g. “Chair 7”." />
          <InputField {...form.textField('room')} label="Room" autoComplete="off" hint="Optional." />
        </AdminFormCard>
      ) : null}
    </div>
  );
}
