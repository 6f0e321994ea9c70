import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { type AlarmSettings, DEFAULT_ALARM_SETTINGS } from '../../../../../shared/alarms/settings.ts';
import { isApiError } from '../../../api/ApiError.ts';
import { getJson, postJson } from '../../../api/apiFetch.ts';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { NoAccess } from '../../auth/NoAccess.tsx';
import { useCan } from '../../auth/signedInUser.ts';
import { alarmKeys } from '../openAlarms.ts';
import { LimitsFields } from './LimitsForm.tsx';
import { type LimitErrors, type LimitValues, changedFromClinic, clinicBody, issuesToErrors, parseValues, toValues, valueAt } from './limitsForm.ts';
import '../alarmPanels.css';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';

/**
 * The clinic's alarm limits (clinical reference §7.2): configurable defaults the medical director
 * signs off. Every change is audited; a physician may still change them for one session.
 */
export function AlarmSettingsPage() {
  const mayConfigure = useCan('alarm.configure');
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: alarmKeys.clinicSettings,
    enabled: mayConfigure,
    queryFn: async ({ signal }) => (await getJson<{ settings: AlarmSettings }>('/api/alarm-settings', signal)).settings,
  });
  const [values, setValues] = useState<LimitValues | null>(null);
  const [errors, setErrors] = useState<LimitErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useDocumentTitle('Alarm limits');

  const save = useMutation({
    mutationFn: (body: unknown) => postJson<{ settings: AlarmSettings }>('/api/alarm-settings', body),
    onSuccess: ({ settings: next }) => {
      queryClient.setQueryData(alarmKeys.clinicSettings, next);
      setValues(toValues(next));
      setErrors({});
      setFormError(null);
      setSaved(true);
    },
    onError: (error) => {
      const placed = issuesToErrors(isApiError(error) ? error.issues : [], error.message);
      setErrors(placed.fields);
      setFormError(placed.form);
    },
  });

  if (!mayConfigure) {
    return (
      <div className="page">
        <h1 className="sr-only">Alarm limits</h1>
        <NoAccess what="the alarm limits" />
      </div>
    );
  }

  const shown = values ?? (settings.data ? toValues(settings.data) : null);
  const differsFromDefaults = settings.data ? new Set(changedFromClinic(settings.data, DEFAULT_ALARM_SETTINGS)) : new Set<string>();
  const hints: Record<string, string> = {};
  for (const path of differsFromDefaults) {
    const recommended = valueAt(DEFAULT_ALARM_SETTINGS, path);
    if (recommended !== undefined) hints[path] = `Recommended: ${recommended}`;
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!shown) return;
    setSaved(false);
    const { numbers, errors: typed } = parseValues(shown);
    if (Object.keys(typed).length > 0) {
      setErrors(typed);
      setFormError('Some limits are not numbers.');
      return;
    }
    save.mutate(clinicBody(numbers));
  };

  return (
    <div className="page limits-page">
      <header className="limits-page__head">
        <div>
          <h1 className="limits-page__title">Alarm limits</h1>
          <p className="limits-page__lede">
            The clinic’s limits for every chair, signed off by the medical director. “High above 130” alarms from 131. A physician may change them
            for one session from its record; every change is kept in the audit trail.
          </p>
        </div>
        <Link href="/" className="limits-page__back">
          <span aria-hidden="true">←</span> Ward overview
        </Link>
      </header>
      {settings.isPending ? (
        <StatusMessage tone="loading" title="Loading the alarm limits…" />
      ) : settings.isError ? (
        <StatusMessage
          tone="error"
          title="The alarm limits could not be loaded"
          action={
            <button type="button" className="button button--primary" onClick={() => void settings.refetch()}>
              Try again
            </button>
          }
        >
          <p>{settings.error.message}</p>
        </StatusMessage>
      ) : shown ? (
        <form className="limits-form" onSubmit={submit} noValidate aria-label="Clinic alarm limits">
          {formError ? (
            <p className="limits-form__error" role="alert">
              {formError}
            </p>
          ) : null}
          <LimitsFields
            values={shown}
            errors={errors}
            hints={hints}
            changed={differsFromDefaults}
            onChange={(path, value) => {
              setSaved(false);
              setValues({ ...shown, [path]: value });
              if (errors[path]) setErrors({ ...errors, [path]: '' });
            }}
          />
          <div className="limits-form__actions">
            <button type="button" className="button" onClick={() => setValues(toValues(DEFAULT_ALARM_SETTINGS))}>
              Fill in the recommended defaults
            </button>
            <button type="submit" className="button button--primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save clinic limits'}
            </button>
            {saved ? (
              <p className="limits-form__saved" role="status">
                Saved. New readings are judged against these limits.
              </p>
            ) : null}
          </div>
        </form>
      ) : null}
    </div>
  );
}
