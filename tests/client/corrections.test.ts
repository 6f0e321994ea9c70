import { describe, expect, it } from 'vitest';
import { ApiError } from '../../client/src/api/ApiError.ts';
import { errorsFrom } from '../../client/src/features/session/records/corrections.ts';

describe('correction form errors from the API', () => {
  const fields = ['value', 'systolic', 'diastolic', 'reason'];

  it('puts each issue beside its field, by the last part of its path', () => {
    const error = new ApiError(400, {
      error: 'validation_failed',
      message: 'The correction was refused',
      issues: [
        { path: 'values.systolic', code: 'out_of_physiological_range', message: 'Systolic BP 400 mmHg is outside the physiological range 40–300 mmHg' },
        { path: 'reason', code: 'too_small', message: 'give a reason (at least 3 characters)' },
      ],
    });
    expect(errorsFrom(error, fields)).toEqual({
      fields: {
        systolic: 'Systolic BP 400 mmHg is outside the physiological range 40–300 mmHg',
        reason: 'give a reason (at least 3 characters)',
      },
      form: null,
    });
  });

  it('shows issues about no field, or an error without issues, above the form', () => {
    const conflict = new ApiError(409, { error: 'not_current', message: 'Only the current version of an observation can be corrected', issues: [] });
    expect(errorsFrom(conflict, fields)).toEqual({ fields: {}, form: 'Only the current version of an observation can be corrected' });
    const other = new ApiError(409, { error: 'id_conflict', message: 'Conflict', issues: [{ path: 'id', code: 'id_conflict', message: 'Correction id already used' }] });
    expect(errorsFrom(other, fields)).toEqual({ fields: {}, form: 'Correction id already used' });
    expect(errorsFrom(new Error('offline'), fields)).toEqual({ fields: {}, form: 'offline' });
  });
});
