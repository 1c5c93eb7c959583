// Items (the merchant's listings) and their fan prices for the three crowd types.
import type { ItemInput } from '../api/client';
import type { FieldErrors } from '../api/problem';
import { parseMoney } from '../lib/money';
import { toInstant } from '../lib/time';

export const PRICE_UNITS = ['MONTHLY', 'ONE_TIME'] as const;
export const CROWD_TYPES = ['ALL_FANS', 'OLD_FANS', 'BUY_FANS'] as const;

export const ITEM_FIELDS = ['itemId', 'title', 'cityId', 'listPrice', 'priceUnit', 'deposit'] as const;
export type ItemValues = Record<(typeof ITEM_FIELDS)[number], string>;

export function emptyItem(): ItemValues {
  return { itemId: '', title: '', cityId: '', listPrice: '', priceUnit: 'MONTHLY', deposit: '0.00' };
}

export function validateItem(values: ItemValues): FieldErrors {
  const errors: FieldErrors = {};
  if (!/^\d+$/.test(values.itemId.trim())) errors.itemId = 'The item id is digits.';
  const title = values.title.trim();
  if (!title) errors.title = 'Enter a title.';
  else if (title.length > 256) errors.title = 'At most 256 characters.';
  if (!/^\d+$/.test(values.cityId.trim())) errors.cityId = 'Enter the city id (digits).';
  if ((parseMoney(values.listPrice) ?? 0) <= 0) errors.listPrice = 'Enter a price above 0, such as 1888.00.';
  if (parseMoney(values.deposit) === null) errors.deposit = 'Enter an amount such as 0.00.';
  return errors;
}

export function itemRequest(values: ItemValues): ItemInput {
  return {
    title: values.title.trim(),
    cityId: values.cityId.trim(),
    listPrice: parseMoney(values.listPrice) ?? undefined,
    priceUnit: values.priceUnit as ItemInput['priceUnit'],
    deposit: parseMoney(values.deposit) ?? undefined,
  };
}

export const FAN_PRICE_FIELDS = ['crowdType', 'price', 'startTime', 'endTime'] as const;
export type FanPriceValues = Record<(typeof FAN_PRICE_FIELDS)[number], string>;

export function validateFanPrice(values: FanPriceValues, listPrice: number | undefined): FieldErrors {
  const errors: FieldErrors = {};
  const price = parseMoney(values.price);
  if (price === null || price <= 0) errors.price = 'Enter a price above 0.';
  else if (listPrice !== undefined && price >= listPrice) errors.price = 'Must be below the list price.';
  const start = values.startTime ? toInstant(values.startTime) : null;
  const end = values.endTime ? toInstant(values.endTime) : null;
  if (start && end && Date.parse(start) >= Date.parse(end)) errors.endTime = 'Must be after the start (or leave both empty).';
  return errors;
}

export function fanPriceRequest(values: FanPriceValues) {
  return {
    price: parseMoney(values.price) ?? undefined,
    startTime: toInstant(values.startTime) ?? undefined,
    endTime: toInstant(values.endTime) ?? undefined,
  };
}
