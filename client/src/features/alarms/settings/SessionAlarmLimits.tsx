import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'wouter';
import type { AlarmSettings, AlarmSettingsOverride } from '../../../../../shared/alarms/settings.ts';
import { isApiError } from '../../../api/ApiError.ts';
import { getJson, postJson } from '../../../api/apiFetch.ts';
import { useCan } from '../../auth/signedInUser.ts';
import { alarmKeys } from '../openAlarms.ts';
import { LimitsFields } from './LimitsForm.tsx';
import { type LimitErrors, type LimitValues, changedFromClinic, issuesToErrors, overrideBody, parseValues, toValues, valueAt } from './limitsForm.ts';
import '../alarmPanels.css';

interface SessionSettings {
  clinic: AlarmSettings;
  override: AlarmSettingsOverride | null;
  effective: AlarmSettings;
}

/**
 * This session's alarm limits: the clinic's, with what a physician changed for this patient (a high
 * baseline, say) marked and the clinic's value beside it. Collapsed until opened; only holders of
 * `alarm.configure` see it.
 */
export function SessionAlarmLimits({ sessionId, closed }: { sessionId: string; closed: boolean }) {
  const mayConfigure = useCan('alarm.configure');
  const headingId = useId();
  const [open, setOpen] = useState(false);
  const settings = useQuery({
    queryKey: alarmKeys.sessionSettings(sessionId),
    enabled: mayConfigure,
    queryFn: ({ signal }) => getJson<SessionSettings>(`/api/sessions/${encodeURIComponent(sessionId)}/alarm-settings`, signal),
  });
  if (!mayConfigure) return null;
  const changed = settings.data ? changedFromClinic(settings.data.effective, settings.data.clinic) : [];
  return (
    <section className="session-limits" aria-labelledby={headingId} data-session-limits>
      <details className="session-limits__details" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary className="session-limits__summary">
          <h2 className="session-limits__title" id={headingId}>
            Alarm limits for this session
          </h2>
          <span className={`session-limits__state${changed.length > 0 ? ' session-limits__state--changed' : ''}`}>
            {settings.data ? (changed.length === 0 ? 'Clinic limits' : `${changed.length} changed from the clinic’s`) : ''}
          </span>
        </summary>
        {open ? (
          settings.isPending ? (
            <p role="status">Loading the limits…</p>
          ) : settings.isError ? (
            <p className="limits-form__error" role="alert">
              The limits could not be loaded: {settings.error.message}
            </p>
          ) : (
            <OverrideForm key={sessionId} sessionId={sessionId} settings={settings.data} closed={closed} />
          )
        ) : null}
      </details>
    </section>
  );
}

function OverrideForm({ sessionId, settings, closed }: { sessionId: string; settings: SessionSettings; closed: boolean }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<LimitValues>(() => toValues(settings.effective));
  const [errors, setErrors] = useState<LimitErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: AlarmSettingsOverride) => postJson<{ settings: AlarmSettings }>(`/api/sessions/${encodeURIComponent(sessionId)}/alarm-settings`, body),
    onSuccess: ({ settings: effective }) => {
      setValues(toValues(effective));
      setErrors({});
      setSaved(true);
      void queryClient.invalidateQueries({ queryKey: alarmKeys.sessionSettings(sessionId) });
    },
    onError: (error) => {
      const placed = issuesToErrors(isApiError(error) ? error.issues : [], error.message);
      setErrors(placed.fields);
      setFormError(placed.form);
    },
  });
  const changed = new Set(changedFromClinic(settings.effective, settings.clinic));
  const hints: Record<string, string> = {};
  for (const path of changed) hints[path] = `Clinic: ${valueAt(settings.clinic, path) ?? '—'}`;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    setFormError(null);
    const { numbers, errors: typed } = parseValues(values);
    if (Object.keys(typed).length > 0) {
      setErrors(typed);
      setFormError('Some limits are not numbers.');
      return;
    }
    save.mutate(overrideBody(numbers, settings.clinic, settings.override));
  };

  return (
    <form className="limits-form limits-form--session" onSubmit={submit} noValidate aria-label="Alarm limits for this session">
      <p className="limits-form__lede">
        Change a limit for this patient only (for example a high baseline blood pressure). The clinic’s limits stay as they are;{' '}
        <Link href="/settings/alarms">clinic-wide limits</Link>.
      </p>
      {formError ? (
        <p className="limits-form__error" role="alert">
          {formError}
        </p>
      ) : null}
      <LimitsFields
        values={values}
        errors={errors}
        hints={hints}
        changed={changed}
        disabled={closed}
        onChange={(path, value) => {
          setSaved(false);
          setValues({ ...values, [path]: value });
          if (errors[path]) setErrors({ ...errors, [path]: '' });
        }}
      />
      {closed ? null : (
        <div className="limits-form__actions">
          <button type="button" className="button" onClick={() => setValues(toValues(settings.clinic))}>
            Back to the clinic’s limits
          </button>
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save for this session'}
          </button>
          {saved ? (
            <p className="limits-form__saved" role="status">
              Saved for this session.
            </p>
          ) : null}
        </div>
      )}
    </form>
  );
}
