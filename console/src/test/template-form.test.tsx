import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../api/problem';
import { emptyTemplate, templateRequest, validateTemplate, type TemplateValues } from '../forms/template';
import { TemplateForm } from '../screens/merchant/NewTemplate';
import { renderPage } from './render';

function amountOff(): TemplateValues {
  return {
    ...emptyTemplate('7000000000000000001'),
    cityId: '310000',
    title: '300 off the first month',
    amountOff: '300.00',
    thresholdAmount: '3000',
    totalStock: '100',
    perUserLimit: '1',
    'validity.startTime': '2030-01-01T00:00',
    'validity.endTime': '2030-02-01T00:00',
  };
}

describe('the coupon template form', () => {
  it('shows the value fields of the chosen type', async () => {
    renderPage(<TemplateForm initial={emptyTemplate()} onSubmit={vi.fn()} />);
    expect(screen.getByLabelText(/Amount off/)).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Type'), 'PERCENT_OFF');
    expect(screen.queryByLabelText(/Amount off/)).not.toBeInTheDocument();
    expect(screen.getByLabelText(/Percent off/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Largest discount/)).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Type'), 'FREE_DAYS');
    expect(screen.getByLabelText('Free days')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Type'), 'SPECIAL_PRICE');
    expect(screen.getByLabelText('Special price')).toBeInTheDocument();
    expect(screen.queryByLabelText('Deduction')).not.toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Type'), 'DEPOSIT_FREE');
    expect(screen.queryByLabelText('Special price')).not.toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Validity'), 'FLOATING');
    expect(screen.getByLabelText('Valid for days after the claim')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Audience'), 'CROWD');
    expect(screen.getByLabelText(/Crowd id/)).toBeInTheDocument();
  });

  it('refuses what the server would refuse, field by field', async () => {
    const onSubmit = vi.fn();
    renderPage(<TemplateForm initial={{ ...amountOff(), amountOff: '0', totalStock: '0', 'validity.endTime': '2029-01-01T00:00' }} onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Create template' }));
    expect(screen.getByLabelText(/Amount off/)).toHaveAccessibleDescription(/above 0/);
    expect(screen.getByLabelText('Total stock')).toHaveAccessibleDescription('A whole number, at least 1.');
    expect(screen.getByLabelText('Valid until')).toHaveAccessibleDescription('Must be after the start.');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('checks percentages, floating validity and crowd ids', () => {
    const errors = validateTemplate({ ...amountOff(), type: 'PERCENT_OFF', percentOff: '100', 'validity.type': 'FLOATING', 'validity.days': '0', 'audience.type': 'CROWD', 'audience.crowdId': 'fans' });
    expect(Object.keys(errors).sort()).toEqual(['audience.crowdId', 'percentOff', 'validity.days']);
  });

  it('sends only the chosen type\u2019s fields, money in minor units', () => {
    const request = templateRequest({ ...amountOff(), percentOff: '10' });
    expect(request.amountOff).toBe(30000);
    expect(request.thresholdAmount).toBe(300000);
    expect(request.percentOff).toBeUndefined();
    expect(request.validity?.type).toBe('FIXED');
    expect(request.audience).toEqual({ type: 'ALL' });
    const floating = templateRequest({ ...amountOff(), type: 'DEPOSIT_FREE', 'validity.type': 'FLOATING', 'validity.days': '30', 'audience.type': 'CROWD', 'audience.crowdId': '42_all_fans' });
    expect(floating.amountOff).toBeUndefined();
    expect(floating.deduction).toBeUndefined();
    expect(floating.validity).toEqual({ type: 'FLOATING', days: 30 });
    expect(floating.audience).toEqual({ type: 'CROWD', crowdId: '42_all_fans' });
  });

  it('puts the server\u2019s nested field errors under their inputs', async () => {
    const onSubmit = vi.fn().mockRejectedValue(
      new ApiError({
        status: 400,
        code: 'VALIDATION_FAILED',
        errors: [
          { field: 'amountOff', message: 'must lie within the activity limits 5.00-500.00' },
          { field: 'validity.startTime', message: 'must be in the future' },
        ],
      }),
    );
    renderPage(<TemplateForm initial={amountOff()} onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Create template' }));
    await waitFor(() => expect(screen.getByLabelText(/Amount off/)).toHaveAccessibleDescription(/within the activity limits/));
    expect(screen.getByLabelText('Valid from')).toHaveAccessibleDescription('must be in the future');
  });
});
