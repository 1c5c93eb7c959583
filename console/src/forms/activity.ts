// The activity form: its values as typed, the checks activity-service makes, and the request.
import type { Activity, ActivityInput } from '../api/client';
import type { FieldErrors } from '../api/problem';
import { formatMoney, parseMoney } from '../lib/money';
import { toInstant, toLocalInput } from '../lib/time';

export const COUPON_TYPES = ['AMOUNT_OFF', 'PERCENT_OFF', 'FREE_DAYS', 'DEPOSIT_FREE', 'SPECIAL_PRICE'] as const;
export const KINDS = ['COUPON', 'FLASH_SALE'] as const;
export const ACTIVITY_STATUSES = ['DRAFT', 'PUBLISHED', 'SIGNUP_OPEN', 'SIGNUP_CLOSED', 'RUNNING', 'ENDED', 'TERMINATED'] as const;

export const ACTIVITY_FIELDS = [
  'title', 'description', 'kind', 'cityIds', 'couponTypes', 'valueLowerLimit', 'valueUpperLimit',
  'applyStartTime', 'applyEndTime', 'activityStartTime', 'activityEndTime',
] as const;

export type ActivityValues = Record<(typeof ACTIVITY_FIELDS)[number], string>;

export function emptyActivity(): ActivityValues {
  return {
    title: '', description: '', kind: 'COUPON', cityIds: '', couponTypes: '', valueLowerLimit: '', valueUpperLimit: '',
    applyStartTime: '', applyEndTime: '', activityStartTime: '', activityEndTime: '',
  };
}

export function activityValues(activity: Activity): ActivityValues {
  return {
    title: activity.title ?? '',
    description: activity.description ?? '',
    kind: activity.kind ?? 'COUPON',
    cityIds: (activity.cityIds ?? []).join(', '),
    couponTypes: (activity.couponTypes ?? []).join(','),
    valueLowerLimit: formatMoney(activity.valueLowerLimit),
    valueUpperLimit: formatMoney(activity.valueUpperLimit),
    applyStartTime: toLocalInput(activity.applyStartTime),
    applyEndTime: toLocalInput(activity.applyEndTime),
    activityStartTime: toLocalInput(activity.activityStartTime),
    activityEndTime: toLocalInput(activity.activityEndTime),
  };
}

export function cityList(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

export function validateActivity(values: ActivityValues): FieldErrors {
  const errors: FieldErrors = {};
  const title = values.title.trim();
  if (title.length === 0) errors.title = 'Enter a title.';
  else if (title.length > 256) errors.title = 'At most 256 characters.';
  const cities = cityList(values.cityIds);
  if (cities.length === 0) errors.cityIds = 'Enter at least one city id.';
  else if (cities.some((city) => !/^\d+$/.test(city))) errors.cityIds = 'City ids are digits, separated by commas.';
  if (!values.couponTypes) errors.couponTypes = 'Choose at least one coupon type.';
  const lower = parseMoney(values.valueLowerLimit);
  const upper = parseMoney(values.valueUpperLimit);
  if (lower === null) errors.valueLowerLimit = 'Enter an amount such as 5.00.';
  if (upper === null) errors.valueUpperLimit = 'Enter an amount such as 500.00.';
  if (lower !== null && upper !== null && lower > upper) errors.valueUpperLimit = 'Must not be below the lower limit.';
  const times = ['applyStartTime', 'applyEndTime', 'activityStartTime', 'activityEndTime'] as const;
  const instants = times.map((name) => toInstant(values[name]));
  times.forEach((name, index) => {
    if (instants[index] === null) errors[name] = 'Enter a date and time.';
  });
  const [applyStart, applyEnd, activityStart, activityEnd] = instants.map((instant) => (instant ? Date.parse(instant) : null));
  if (applyStart !== null && applyEnd !== null && applyStart >= applyEnd) errors.applyEndTime = 'Must be after the sign-up start.';
  if (applyEnd !== null && activityStart !== null && applyEnd > activityStart) errors.activityStartTime = 'Must not be before the sign-up end.';
  if (activityStart !== null && activityEnd !== null && activityStart >= activityEnd) errors.activityEndTime = 'Must be after the activity start.';
  return errors;
}

export function activityRequest(values: ActivityValues): ActivityInput {
  return {
    title: values.title.trim(),
    description: values.description.trim() || undefined,
    kind: values.kind as ActivityInput['kind'],
    cityIds: cityList(values.cityIds),
    couponTypes: values.couponTypes.split(',').filter(Boolean) as ActivityInput['couponTypes'],
    valueLowerLimit: parseMoney(values.valueLowerLimit) ?? undefined,
    valueUpperLimit: parseMoney(values.valueUpperLimit) ?? undefined,
    applyStartTime: toInstant(values.applyStartTime) ?? undefined,
    applyEndTime: toInstant(values.applyEndTime) ?? undefined,
    activityStartTime: toInstant(values.activityStartTime) ?? undefined,
    activityEndTime: toInstant(values.activityEndTime) ?? undefined,
  };
}
