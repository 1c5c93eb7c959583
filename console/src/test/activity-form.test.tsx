import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../api/problem';
import { activityRequest, emptyActivity, type ActivityValues } from '../forms/activity';
import { ActivityForm } from '../screens/ops/ActivityForm';
import { renderPage } from './render';

function filled(): ActivityValues {
  return {
    ...emptyActivity(),
    title: 'Spring rent festival',
    cityIds: '310000, 110000',
    couponTypes: 'AMOUNT_OFF',
    valueLowerLimit: '5.00',
    valueUpperLimit: '500.00',
    applyStartTime: '2030-01-01T10:00',
    applyEndTime: '2030-01-02T10:00',
    activityStartTime: '2030-01-03T10:00',
    activityEndTime: '2030-01-04T10:00',
  };
}

describe('the activity form', () => {
  it('refuses an empty form with a message on each required field and sends nothing', async () => {
    const onSubmit = vi.fn();
    renderPage(<ActivityForm initial={emptyActivity()} submitLabel="Create activity" onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Create activity' }));
    expect(screen.getByLabelText('Title')).toHaveAccessibleDescription('Enter a title.');
    expect(screen.getByLabelText(/City ids/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Choose at least one coupon type.')).toBeInTheDocument();
    expect(screen.getByLabelText('Sign-up opens')).toHaveAccessibleDescription('Enter a date and time.');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('checks the order of the four times and the value limits as the server does', async () => {
    const onSubmit = vi.fn();
    const values = { ...filled(), applyEndTime: '2030-01-05T10:00', valueLowerLimit: '600', valueUpperLimit: '500' };
    renderPage(<ActivityForm initial={values} submitLabel="Save" onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByLabelText('Activity starts')).toHaveAccessibleDescription('Must not be before the sign-up end.');
    expect(screen.getByLabelText(/Highest coupon value/)).toHaveAccessibleDescription(/Must not be below the lower limit/);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends money in minor units and times as UTC instants', () => {
    const request = activityRequest(filled());
    expect(request.valueLowerLimit).toBe(500);
    expect(request.valueUpperLimit).toBe(50000);
    expect(request.cityIds).toEqual(['310000', '110000']);
    expect(request.applyStartTime).toMatch(/Z$/);
  });

  it('shows the server field errors under their fields', async () => {
    const onSubmit = vi.fn().mockRejectedValue(
      new ApiError({ status: 400, code: 'VALIDATION_FAILED', title: 'Bad Request', errors: [{ field: 'cityIds[0]', message: 'unknown city 999' }] }),
    );
    renderPage(<ActivityForm initial={{ ...filled(), cityIds: '999' }} submitLabel="Create activity" onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Create activity' }));
    await waitFor(() => expect(screen.getByLabelText(/City ids/)).toHaveAccessibleDescription(/unknown city 999/));
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it('shows an If-Match conflict as a conflict', async () => {
    const onSubmit = vi.fn().mockRejectedValue(new ApiError({ status: 409, code: 'CONFLICT', title: 'Conflict', detail: 'version 1 is stale' }));
    renderPage(<ActivityForm initial={filled()} submitLabel="Save changes" onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Conflict: version 1 is stale');
  });
});
