import { type FormEvent, useState } from 'react';
import { can } from '../../../../shared/auth/permissions.ts';
import { DEVICE_MATCH_ON, type DeviceMatchOn } from '../../../../shared/ingest/schemas.ts';
import { isApiError } from '../../api/ApiError.ts';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { InputField, SelectField } from '../admin/Field.tsx';
import { useSignedInUser } from '../auth/signedInUser.ts';
import { useChairList, useCreateDeviceMapping, useDeviceMappings, useIngestStatus } from './ingestQueries.ts';

const MATCH_LABELS: Record<DeviceMatchOn, string> = { device: 'Device id (EUI-64 or name)', location: 'Location (PV1-3)', facility: 'Sending facility (MSH-4)' };

function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** Each device's last message, rate and errors; and which device feeds which chair. */
export function StatusPanel() {
  const { roles } = useSignedInUser();
  const status = useIngestStatus();
  const mappings = useDeviceMappings();
  const mayManage = can(roles, 'ingest.manage');

  return (
    <div className="admin-stack">
      <section className="admin-card" aria-labelledby="status-title">
        <div className="admin-card__head">
          <h2 className="admin-card__title" id="status-title">
            Device feed
          </h2>
          {status.data ? (
            <p className="admin-card__summary">
              <span>{status.data.devices.length} devices in the last 24 h</span>
              <span className={status.data.openInbox > 0 ? 'admin-card__summary-flag' : undefined}>{status.data.openInbox} in the inbox</span>
              <span>{status.data.listener ? `MLLP listener on ${status.data.listener.host}:${status.data.listener.port}` : 'HTTP only'}</span>
            </p>
          ) : null}
        </div>
        {status.isPending ? <StatusMessage tone="loading" title="Loading the feed status…" /> : null}
        {status.isError ? <StatusMessage tone="error" title="The status could not be loaded">{status.error.message}</StatusMessage> : null}
        {status.data && status.data.devices.length === 0 ? <p className="admin-empty">No device has sent anything in the last 24 hours.</p> : null}
        {status.data && status.data.devices.length > 0 ? (
          <div className="admin-table-wrap">
            <table className="admin-table" data-devices={status.data.devices.length}>
              <caption className="sr-only">Devices and their last messages</caption>
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">Last message</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Per minute</th>
                  <th scope="col">Errors (24 h)</th>
                  <th scope="col">Messages (24 h)</th>
                </tr>
              </thead>
              <tbody>
                {status.data.devices.map((d) => (
                  <tr key={d.deviceId} data-device-id={d.deviceId}>
                    <td className="admin-mono">{d.deviceId}</td>
                    <td>
                      <time dateTime={d.lastMessageAt}>{when(d.lastMessageAt)}</time>
                    </td>
                    <td>
                      <span className={d.lastAckCode === 'AA' ? 'ingest-status' : 'ingest-status ingest-status--error'}>{d.lastAckCode}</span> <span className="admin-muted">{d.lastOutcome}</span>
                    </td>
                    <td>{d.messagesPerMinute.toFixed(1)}</td>
                    <td className={d.errorCount24h > 0 ? 'ingest-flag' : undefined}>{d.errorCount24h}</td>
                    <td>
                      {d.total24h}
                      {d.testMessages24h > 0 ? <span className="admin-muted"> ({d.testMessages24h} test)</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section className="admin-card" aria-labelledby="mappings-title">
        <div className="admin-card__head">
          <h2 className="admin-card__title" id="mappings-title">
            Device-to-chair mappings
          </h2>
        </div>
        {mappings.isPending ? <StatusMessage tone="loading" title="Loading the mappings…" /> : null}
        {mappings.isError ? <StatusMessage tone="error" title="The mappings could not be loaded">{mappings.error.message}</StatusMessage> : null}
        {mappings.data && mappings.data.length === 0 ? <p className="admin-empty">No device is mapped to a chair yet.</p> : null}
        {mappings.data && mappings.data.length > 0 ? (
          <div className="admin-table-wrap">
            <table className="admin-table" data-mappings={mappings.data.length}>
              <caption className="sr-only">Which device feeds which chair</caption>
              <thead>
                <tr>
                  <th scope="col">Matched on</th>
                  <th scope="col">Key</th>
                  <th scope="col">Chair</th>
                  <th scope="col">Time zone</th>
                  <th scope="col">Label</th>
                </tr>
              </thead>
              <tbody>
                {mappings.data.map((m) => (
                  <tr key={m.id}>
                    <td>{MATCH_LABELS[m.matchOn]}</td>
                    <td className="admin-mono">{m.matchKey}</td>
                    <td>{m.chairLabel}</td>
                    <td>{m.timeZone}</td>
                    <td>{m.label ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {mayManage ? <NewMappingForm /> : null}
      </section>
    </div>
  );
}

const FIELDS = ['matchOn', 'matchKey', 'chairId', 'timeZone', 'label'] as const;

function NewMappingForm() {
  const chairs = useChairList(true);
  const create = useCreateDeviceMapping();
  const [matchOn, setMatchOn] = useState<DeviceMatchOn>('device');
  const [matchKey, setMatchKey] = useState('');
  const [chairId, setChairId] = useState('');
  const [timeZone, setTimeZone] = useState('UTC');
  const [label, setLabel] = useState('');
  const [saved, setSaved] = useState<string | null>(null);

  const issues = isApiError(create.error) ? create.error.issues : [];
  const err = (field: (typeof FIELDS)[number]) => issues.find((i) => i.path.split('.')[0] === field)?.message;
  const formError = create.error && !FIELDS.some((f) => err(f)) ? create.error.message : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    create.mutate(
      { id: crypto.randomUUID(), matchOn, matchKey, chairId, timeZone, ...(label.trim() ? { label } : {}) },
      {
        onSuccess: (m) => {
          setSaved(`Mapped ${m.matchKey} to ${m.chairLabel}.`);
          setMatchKey('');
          setLabel('');
        },
      },
    );
  };

  return (
    <form className="admin-form ingest-mapping-form" onSubmit={submit} noValidate aria-labelledby="new-mapping-title">
      <h3 className="ingest-subtitle" id="new-mapping-title">
        Map a device to a chair
      </h3>
      <div className="ingest-grid">
        <SelectField label="Match on" value={matchOn} error={err('matchOn')} onChange={(e) => setMatchOn(e.target.value as DeviceMatchOn)}>
          {DEVICE_MATCH_ON.map((m) => (
            <option key={m} value={m}>
              {MATCH_LABELS[m]}
            </option>
          ))}
        </SelectField>
        <InputField label="Key" value={matchKey} error={err('matchKey')} onChange={(e) => setMatchKey(e.target.value)} hint="As the device sends it; case is ignored." />
        <SelectField label="Chair" value={chairId} error={err('chairId')} onChange={(e) => setChairId(e.target.value)}>
          <option value="">Choose a chair…</option>
          {(chairs.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.label} · {c.room}
            </option>
          ))}
        </SelectField>
        <InputField label="Device time zone" value={timeZone} error={err('timeZone')} onChange={(e) => setTimeZone(e.target.value)} />
        <InputField label="Label (optional)" value={label} error={err('label')} onChange={(e) => setLabel(e.target.value)} />
      </div>
      {formError ? (
        <p className="admin-form-error" role="alert">
          {formError}
        </p>
      ) : null}
      <p className="admin-notice-region" role="status">
        {saved ? <span className="admin-notice">{saved}</span> : null}
      </p>
      <div className="admin-form__actions">
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? 'Saving…' : 'Add mapping'}
        </button>
      </div>
    </form>
  );
}
