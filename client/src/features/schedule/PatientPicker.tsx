import { type FormEvent, type InputHTMLAttributes, useEffect, useId, useState } from 'react';
import type { Patient } from '../../../../shared/schemas/patient.ts';
import { isApiError } from '../../api/ApiError.ts';
import { mrnIsSelfLabelled } from '../../clinical/sessionText.ts';
import { newId } from '../../offline/ids.ts';
import { ageInYears } from '../../ui/format.ts';
import { useCan } from '../auth/signedInUser.ts';
import { EMPTY_PATIENT, type NewPatientDraft, type PatientErrors, buildPatientInput } from './scheduleForm.ts';
import { useCreatePatient, usePatientSearch } from './scheduleQueries.ts';

const SEARCH_DELAY_MS = 250;

interface PatientPickerProps {
  selected: Patient | null;
  error: string | undefined;
  /** Patients in a running session, with where: they cannot be scheduled again until it ends. */
  busy: ReadonlyMap<string, string>;
  onSelect: (patient: Patient | null) => void;
}

/** Find the patient by name or MRN, or add them; the chosen one shows as a card with weight. */
export function PatientPicker({ selected, error, busy, onSelect }: PatientPickerProps) {
  const mayCreate = useCan('patient.create');
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const id = useId();

  useEffect(() => {
    const timer = setTimeout(() => setQuery(text), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const search = usePatientSearch(query, !selected && !creating);

  if (selected) {
    return (
      <div className="picked-patient" data-patient-id={selected.id}>
        <div>
          <p className="picked-patient__name">{selected.name}</p>
          <p className="picked-patient__meta">
            <PatientMeta patient={selected} />
          </p>
          {selected.allergies.length > 0 ? <p className="picked-patient__allergies">Allergies: {selected.allergies.join(', ')}</p> : null}
        </div>
        <button type="button" className="button entry-button" onClick={() => onSelect(null)}>
          Change patient
        </button>
      </div>
    );
  }

  if (creating) {
    return (
      <NewPatientForm
        initialName={/\d/.test(text) ? '' : text}
        initialMrn={/\d/.test(text) ? text : ''}
        onCancel={() => setCreating(false)}
        onCreated={(patient) => {
          setCreating(false);
          onSelect(patient);
        }}
      />
    );
  }

  const patients = search.data ?? [];
  return (
    <div className="patient-search">
      <div className="patient-search__bar">
        <label htmlFor={`${id}-search`} className="field-label">
          Find by name or MRN
        </label>
        <input
          id={`${id}-search`}
          className="field-input patient-search__input"
          type="search"
          autoComplete="off"
          spellCheck={false}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          aria-controls={`${id}-results`}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {capitalize(error)}
        </p>
      ) : null}
      <div id={`${id}-results`} className="patient-search__results" aria-live="polite" aria-busy={search.isFetching}>
        {search.isError ? (
          <p className="entry-form-error">{search.error.message}</p>
        ) : patients.length === 0 ? (
          <p className="patient-search__empty">{search.isPending ? 'Searching…' : query ? `No patient matches “${query}”.` : 'No patients yet.'}</p>
        ) : (
          <ul className="patient-list" aria-label="Matching patients">
            {patients.map((patient) => {
              const where = busy.get(patient.id);
              return (
                <li key={patient.id}>
                  <button type="button" className="patient-option" onClick={() => onSelect(patient)} data-patient-id={patient.id} disabled={where !== undefined}>
                    <span className="patient-option__name">{patient.name}</span>
                    <span className="patient-option__meta">
                      <PatientMeta patient={patient} />
                      {where ? <span className="patient-option__busy">In a session now · {where}</span> : null}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
      {mayCreate ? (
        <button type="button" className="button entry-button" onClick={() => setCreating(true)}>
          <span aria-hidden="true">+</span> New patient
        </button>
      ) : null}
    </div>
  );
}

function PatientMeta({ patient }: { patient: Patient }) {
  const age = ageInYears(patient.dateOfBirth, Date.now());
  return (
    <>
      <span>
        {mrnIsSelfLabelled(patient.mrn) ? null : 'MRN '}
        {patient.mrn} · {patient.weightKg} kg
      </span>
      <span>
        Born {patient.dateOfBirth}
        {Number.isFinite(age) ? ` (${age} y)` : ''}
      </span>
    </>
  );
}

function NewPatientForm({
  initialName,
  initialMrn,
  onCancel,
  onCreated,
}: {
  initialName: string;
  initialMrn: string;
  onCancel: () => void;
  onCreated: (patient: Patient) => void;
}) {
  const [draft, setDraft] = useState<NewPatientDraft>({ ...EMPTY_PATIENT, name: initialName, mrn: initialMrn });
  const [errors, setErrors] = useState<PatientErrors>({});
  const create = useCreatePatient();
  const id = useId();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    event.stopPropagation();
    const { input, errors: found } = buildPatientInput(draft, newId);
    setErrors(found);
    if (!input) {
      const first = (['name', 'mrn', 'dateOfBirth', 'weightKg', 'allergies'] as const).find((field) => found[field]);
      if (first) document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    create.mutate(input, {
      onSuccess: onCreated,
      onError: (error) => {
        if (!isApiError(error)) return;
        const serverErrors: PatientErrors = {};
        for (const issue of error.issues) {
          const key = (['mrn', 'name', 'dateOfBirth', 'weightKg', 'allergies'].includes(issue.path) ? issue.path : 'form') as keyof PatientErrors;
          serverErrors[key] ??= issue.message;
        }
        if (Object.keys(serverErrors).length === 0) serverErrors.form = error.message;
        setErrors(serverErrors);
      },
    });
  };

  const field = (name: keyof NewPatientDraft, label: string, props: InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div className={`form-field${errors[name] ? ' form-field--invalid' : ''}`}>
      <label className="field-label" htmlFor={`${id}-${name}`}>
        {label}
      </label>
      <input
        id={`${id}-${name}`}
        className="field-input"
        autoComplete="off"
        value={draft[name]}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${id}-${name}-error` : undefined}
        onChange={(event) => {
          const value = event.target.value;
          setDraft((current) => ({ ...current, [name]: value }));
          setErrors(({ [name]: _removed, ...rest }) => rest);
        }}
        {...props}
      />
      {errors[name] ? (
        <p className="field-error" id={`${id}-${name}-error`}>
          {capitalize(errors[name] ?? '')}
        </p>
      ) : null}
    </div>
  );

  return (
    <form className="new-patient" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 className="new-patient__title" id={`${id}-title`}>
        New patient
      </h3>
      <div className="new-patient__grid">
        {field('name', 'Full name')}
        {field('mrn', 'MRN', { spellCheck: false })}
        {field('dateOfBirth', 'Date of birth', { type: 'date', max: new Date().toISOString().slice(0, 10) })}
        {field('weightKg', 'Weight (kg)', { inputMode: 'decimal' })}
        <div className="new-patient__wide">{field('allergies', 'Allergies (comma-separated, optional)')}</div>
      </div>
      {errors.form ? (
        <p className="entry-form-error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <div className="inline-form__actions">
        <button type="button" className="button entry-button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary entry-button" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add patient'}
        </button>
      </div>
    </form>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
