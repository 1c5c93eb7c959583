// The coupon template form: five types with their own value fields, fixed or floating validity,
// an audience of everyone or a crowd; the checks coupon-service makes that need no other data.
import type { TemplateInput } from '../api/client';
import type { FieldErrors } from '../api/problem';
import { parseMoney } from '../lib/money';
import { toInstant } from '../lib/time';

export const TEMPLATE_TYPES = ['AMOUNT_OFF', 'PERCENT_OFF', 'FREE_DAYS', 'DEPOSIT_FREE', 'SPECIAL_PRICE'] as const;
export const TEMPLATE_STATUSES = ['NEW', 'ENABLED', 'EXPIRED', 'ENDED', 'TERMINATED'] as const;
export const DEDUCTIONS = ['FIRST_MONTH', 'SPREAD_MONTHLY'] as const;

export const TEMPLATE_FIELDS = [
  'activityId', 'cityId', 'type', 'title', 'amountOff', 'thresholdAmount', 'deduction', 'percentOff', 'maxDiscount',
  'freeDays', 'specialPrice', 'totalStock', 'perUserLimit', 'validity.type', 'validity.startTime', 'validity.endTime',
  'validity.days', 'audience.type', 'audience.crowdId',
] as const;

export type TemplateValues = Record<(typeof TEMPLATE_FIELDS)[number], string>;

export function emptyTemplate(activityId = ''): TemplateValues {
  return {
    activityId, cityId: '', type: 'AMOUNT_OFF', title: '', amountOff: '', thresholdAmount: '', deduction: 'FIRST_MONTH',
    percentOff: '', maxDiscount: '', freeDays: '', specialPrice: '', totalStock: '', perUserLimit: '1',
    'validity.type': 'FIXED', 'validity.startTime': '', 'validity.endTime': '', 'validity.days': '',
    'audience.type': 'ALL', 'audience.crowdId': '',
  };
}

const digits = /^\d+$/;

function positiveInteger(text: string, max = 2_147_483_647): number | null {
  if (!digits.test(text.trim())) return null;
  const value = Number(text.trim());
  return value >= 1 && value <= max ? value : null;
}

/** Which value fields the type shows (and sends). */
export function valueFields(type: string): string[] {
  switch (type) {
    case 'AMOUNT_OFF':
      return ['amountOff', 'thresholdAmount', 'deduction'];
    case 'PERCENT_OFF':
      return ['percentOff', 'maxDiscount', 'thresholdAmount', 'deduction'];
    case 'FREE_DAYS':
      return ['freeDays', 'deduction'];
    case 'SPECIAL_PRICE':
      return ['specialPrice'];
    default:
      return [];
  }
}

export function validateTemplate(values: TemplateValues): FieldErrors {
  const errors: FieldErrors = {};
  if (!digits.test(values.activityId.trim())) errors.activityId = 'Enter the activity id (digits).';
  if (!digits.test(values.cityId.trim())) errors.cityId = 'Enter the city id (digits).';
  const title = values.title.trim();
  if (!title) errors.title = 'Enter a title.';
  else if (title.length > 256) errors.title = 'At most 256 characters.';
  const shown = valueFields(values.type);
  if (shown.includes('amountOff') && (parseMoney(values.amountOff) ?? 0) <= 0) errors.amountOff = 'Enter an amount above 0, such as 300.00.';
  if (shown.includes('specialPrice') && (parseMoney(values.specialPrice) ?? 0) <= 0) errors.specialPrice = 'Enter a price above 0.';
  if (shown.includes('percentOff')) {
    const percent = positiveInteger(values.percentOff, 99);
    if (percent === null) errors.percentOff = 'A whole percentage from 1 to 99.';
    if (values.maxDiscount.trim() && (parseMoney(values.maxDiscount) ?? 0) <= 0) errors.maxDiscount = 'Leave empty or enter an amount above 0.';
  }
  if (shown.includes('thresholdAmount') && values.thresholdAmount.trim() && parseMoney(values.thresholdAmount) === null) {
    errors.thresholdAmount = 'Leave empty or enter an amount such as 3000.00.';
  }
  if (shown.includes('freeDays') && positiveInteger(values.freeDays, 3650) === null) errors.freeDays = 'A whole number of days, at least 1.';
  if (positiveInteger(values.totalStock) === null) errors.totalStock = 'A whole number, at least 1.';
  if (positiveInteger(values.perUserLimit) === null) errors.perUserLimit = 'A whole number, at least 1.';
  if (values['validity.type'] === 'FIXED') {
    const start = toInstant(values['validity.startTime']);
    const end = toInstant(values['validity.endTime']);
    if (!start) errors['validity.startTime'] = 'Enter a date and time.';
    if (!end) errors['validity.endTime'] = 'Enter a date and time.';
    if (start && end && Date.parse(start) >= Date.parse(end)) errors['validity.endTime'] = 'Must be after the start.';
  } else if (positiveInteger(values['validity.days'], 3650) === null) {
    errors['validity.days'] = 'A whole number of days, at least 1.';
  }
  if (values['audience.type'] === 'CROWD' && !/^\d+_(all|old|buy)_fans$/.test(values['audience.crowdId'].trim())) {
    errors['audience.crowdId'] = 'A crowd id such as 42_all_fans.';
  }
  return errors;
}

export function templateRequest(values: TemplateValues): TemplateInput {
  const shown = valueFields(values.type);
  const money = (name: string) => (shown.includes(name) && values[name as keyof TemplateValues].trim() ? (parseMoney(values[name as keyof TemplateValues]) ?? undefined) : undefined);
  const whole = (name: string) => (shown.includes(name) && values[name as keyof TemplateValues].trim() ? Number(values[name as keyof TemplateValues]) : undefined);
  return {
    activityId: values.activityId.trim(),
    cityId: values.cityId.trim(),
    type: values.type as TemplateInput['type'],
    title: values.title.trim(),
    amountOff: money('amountOff'),
    thresholdAmount: money('thresholdAmount'),
    maxDiscount: money('maxDiscount'),
    specialPrice: money('specialPrice'),
    percentOff: whole('percentOff'),
    freeDays: whole('freeDays'),
    deduction: shown.includes('deduction') ? (values.deduction as TemplateInput['deduction']) : undefined,
    totalStock: Number(values.totalStock),
    perUserLimit: Number(values.perUserLimit),
    validity:
      values['validity.type'] === 'FIXED'
        ? { type: 'FIXED', startTime: toInstant(values['validity.startTime']) ?? undefined, endTime: toInstant(values['validity.endTime']) ?? undefined }
        : { type: 'FLOATING', days: Number(values['validity.days']) },
    audience: values['audience.type'] === 'CROWD' ? { type: 'CROWD', crowdId: values['audience.crowdId'].trim() } : { type: 'ALL' },
  };
}
