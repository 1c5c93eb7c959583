// The small forms: sign-in, a crowd-sync batch, binding listings.
import type { FieldErrors } from '../api/problem';
import { toInstant } from '../lib/time';

export const SIGN_IN_ROLES = ['OPS', 'MERCHANT', 'CONSUMER'] as const;

export function validateDevSignIn(values: { role: string; sub: string }): FieldErrors {
  const errors: FieldErrors = {};
  if (!SIGN_IN_ROLES.includes(values.role as (typeof SIGN_IN_ROLES)[number])) errors.role = 'Choose a role.';
  if (!/^\d{1,18}$/.test(values.sub.trim())) errors.sub = 'The id is digits, such as 1.';
  return errors;
}

export function validateBatch(values: { snapshotPath: string; snapshotTime: string }): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.snapshotPath.trim()) errors.snapshotPath = 'Enter the snapshot file\u2019s path on the server.';
  if (!toInstant(values.snapshotTime)) errors.snapshotTime = 'Enter the snapshot\u2019s date and time.';
  return errors;
}

export function listingIds(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

export function validateBinding(values: { listingIds: string }): FieldErrors {
  const ids = listingIds(values.listingIds);
  if (ids.length === 0) return { listingIds: 'Enter at least one listing id.' };
  if (ids.some((id) => !/^\d+$/.test(id))) return { listingIds: 'Listing ids are digits, separated by commas.' };
  return {};
}
