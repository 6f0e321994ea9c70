import { type FormEvent, useRef, useState } from 'react';
import { chairInputSchema } from '../../../../shared/schemas/chair.ts';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { useCan } from '../auth/signedInUser.ts';
import { AdminNotice, useAdminNotice } from './AdminNotice.tsx';
import { InputField } from './Field.tsx';
import { useChairList, useCreateChair } from './adminQueries.ts';
import { type FieldErrors, firstInvalid, issuesByField, serverErrors } from './formErrors.ts';

const FIELDS = ['label', 'room'] as const;
type Field = (typeof FIELDS)[number];

const blank = () => ({ id: crypto.randomUUID(), label: '', room: '' });

/** The clinic's chairs: sessions are scheduled onto them and the ward shows one card each. */
export function ChairsPanel() {
  const mayManage = useCan('chair.manage');
  const chairs = useChairList();
  const createChair = useCreateChair();
  const [draft, setDraft] = useState(blank);
  const [clientErrors, setClientErrors] = useState<FieldErrors<Field>>({});
  const [notice, announce] = useAdminNotice();
  const refs = { label: useRef<HTMLInputElement>(null), room: useRef<HTMLInputElement>(null) };

  const server = serverErrors(FIELDS, createChair.error);
  const errors: FieldErrors<Field> = { ...server.fields, ...clientErrors };

  const edit = (field: Field, value: string) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setClientErrors((current) => ({ ...current, [field]: undefined }));
    if (createChair.error) createChair.reset();
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = chairInputSchema.safeParse(draft);
    if (!parsed.success) {
      const found = issuesByField(FIELDS, parsed.error.issues);
      setClientErrors(found);
      const first = firstInvalid(FIELDS, found);
      if (first) refs[first].current?.focus();
      return;
    }
    setClientErrors({});
    createChair.mutate(parsed.data, {
      onSuccess: (chair) => {
        setDraft(blank());
        announce(`${chair.label} added.`);
        refs.label.current?.focus();
      },
      onError: (error) => {
        const first = firstInvalid(FIELDS, serverErrors(FIELDS, error).fields);
        if (first) refs[first].current?.focus();
      },
    });
  };

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
                    <th scope="row" className="admin-person__name">
                      {chair.label}
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
        <section className="admin-card admin-card--form" aria-labelledby="new-chair-title">
          <div className="admin-card__head">
            <h2 className="admin-card__title" id="new-chair-title">
              Add a chair
            </h2>
          </div>
          <form className="admin-form" onSubmit={submit} noValidate>
            {server.form ? (
              <p className="admin-form-error" role="alert">
                {server.form}
              </p>
            ) : null}
            <InputField
              ref={refs.label}
              label="Label"
              name="label"
              autoComplete="off"
              value={draft.label}
              onChange={(event) => edit('label', event.target.value)}
              hint="Shown on the ward card, e.g. “Chair 7”."
              error={errors.label}
            />
            <InputField
              ref={refs.room}
              label="Room"
              name="room"
              autoComplete="off"
              value={draft.room}
              onChange={(event) => edit('room', event.target.value)}
              hint="Optional."
              error={errors.room}
            />
            <div className="admin-form__actions">
              <button type="submit" className="button button--primary" disabled={createChair.isPending}>
                {createChair.isPending ? 'Adding…' : 'Add chair'}
              </button>
            </div>
          </form>
        </section>
      ) : null}
    </div>
  );
}
