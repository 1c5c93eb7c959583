import { mapProblem, normaliseField } from '../api/problem';

describe('problem details mapped onto form fields', () => {
  const fields = ['title', 'cityIds', 'validity.startTime', 'audience.crowdId'];

  it('puts each field error under its field', () => {
    const mapped = mapProblem(
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        title: 'Bad Request',
        errors: [
          { field: 'title', message: 'size must be between 1 and 256' },
          { field: 'validity.startTime', message: 'must be before the end' },
        ],
      },
      fields,
    );
    expect(mapped.fields).toEqual({ title: 'size must be between 1 and 256', 'validity.startTime': 'must be before the end' });
    expect(mapped.general).toBeUndefined();
  });

  it('treats an indexed field as its list input and joins two messages', () => {
    expect(normaliseField('cityIds[2]')).toBe('cityIds');
    const mapped = mapProblem(
      { status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'cityIds[0]', message: 'not a city' }, { field: 'cityIds', message: 'too many' }] },
      fields,
    );
    expect(mapped.fields.cityIds).toBe('not a city; too many');
  });

  it('keeps an error for a field the form lacks in the general message', () => {
    const mapped = mapProblem({ status: 400, code: 'VALIDATION_FAILED', detail: 'Invalid request', errors: [{ field: 'merchantId', message: 'unknown' }] }, fields);
    expect(mapped.fields).toEqual({});
    expect(mapped.general).toContain('merchantId: unknown');
  });

  it('shows a conflict as a conflict', () => {
    const mapped = mapProblem({ status: 409, code: 'CONFLICT', detail: 'version 3 is not the current version 4' }, fields);
    expect(mapped.general).toMatch(/^Conflict: version 3 is not the current version 4/);
  });

  it('names the code of a business refusal', () => {
    expect(mapProblem({ status: 422, code: 'INVALID_STATE', detail: 'Sign-up is closed' }, fields).general).toBe('Sign-up is closed (INVALID_STATE)');
  });
});
