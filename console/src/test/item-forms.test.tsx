import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../api/problem';
import { emptyItem, fanPriceRequest, itemRequest } from '../forms/item';
import { FanPriceForm } from '../screens/merchant/ItemPage';
import { ItemForm } from '../screens/merchant/Items';
import { renderPage } from './render';

describe('the item form', () => {
  it('refuses a missing id, title, city and price', async () => {
    const onSubmit = vi.fn();
    renderPage(<ItemForm initial={emptyItem()} onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save item' }));
    expect(screen.getByLabelText(/Item id/)).toHaveAccessibleDescription(/The item id is digits/);
    expect(screen.getByLabelText('Item title')).toHaveAccessibleDescription('Enter a title.');
    expect(screen.getByLabelText('City id')).toHaveAccessibleDescription('Enter the city id (digits).');
    expect(screen.getByLabelText(/List price/)).toHaveAccessibleDescription(/Enter a price above 0/);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends prices in minor units and shows the server\u2019s refusal on the field', async () => {
    expect(itemRequest({ ...emptyItem(), title: 'Flat', cityId: '310000', listPrice: '1888', deposit: '18.88' })).toMatchObject({ listPrice: 188800, deposit: 1888 });
    const onSubmit = vi.fn().mockRejectedValue(new ApiError({ status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'cityId', message: 'unknown city' }] }));
    renderPage(<ItemForm initial={{ ...emptyItem(), itemId: '5', title: 'Flat', cityId: '1', listPrice: '10' }} onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save item' }));
    await waitFor(() => expect(screen.getByLabelText('City id')).toHaveAccessibleDescription('unknown city'));
  });
});

describe('the fan price form', () => {
  it('keeps the fan price below the list price and the window in order', async () => {
    const onSubmit = vi.fn();
    renderPage(<FanPriceForm listPrice={10000} onSubmit={onSubmit} />);
    await userEvent.type(screen.getByRole('textbox', { name: /Fan price/ }), '100.00');
    await userEvent.type(screen.getByLabelText('From (optional)'), '2030-02-01T00:00');
    await userEvent.type(screen.getByLabelText('Until (optional)'), '2030-01-01T00:00');
    await userEvent.click(screen.getByRole('button', { name: 'Set fan price' }));
    expect(screen.getByRole('textbox', { name: /Fan price/ })).toHaveAccessibleDescription(/Must be below the list price/);
    expect(screen.getByLabelText('Until (optional)')).toHaveAccessibleDescription(/Must be after the start/);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends a price without a window when none is given', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    renderPage(<FanPriceForm listPrice={10000} onSubmit={onSubmit} />);
    await userEvent.selectOptions(screen.getByLabelText('Crowd'), 'OLD_FANS');
    await userEvent.type(screen.getByRole('textbox', { name: /Fan price/ }), '88.80');
    await userEvent.click(screen.getByRole('button', { name: 'Set fan price' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const values = onSubmit.mock.calls[0][0];
    expect(values.crowdType).toBe('OLD_FANS');
    expect(fanPriceRequest(values)).toEqual({ price: 8880, startTime: undefined, endTime: undefined });
  });
});
