// Reads the console needs whose routes are not yet in the committed OpenAPI documents. Each goes
// through the same authorisation and problem handling as the typed clients; move a route to its
// typed client once its service's document lists it.
import { ApiError, type Problem } from './problem';
import { endSession, getSession } from './session';

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}

export interface Binding {
  listingId: string;
  createdAt: string;
  activeBindingsOnListing: number;
  bindingCap?: number;
}

export interface Signup {
  activityId: string;
  merchantId: string;
  createdAt: string;
}

export interface ClaimsSummary {
  templateId: string;
  accepted: number;
  issued: number;
  rejected: number;
  rejectedByCode: Record<string, number>;
}

export async function getJson<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
  const session = getSession();
  const url = params.size > 0 ? `${path}?${params}` : path;
  let response: Response;
  try {
    response = await fetch(url, { headers: session ? { Authorization: `Bearer ${session.token}`, Accept: 'application/json' } : { Accept: 'application/json' } });
  } catch (cause) {
    throw new ApiError({ status: 0, title: 'The server could not be reached', detail: String(cause) });
  }
  if (response.status === 401 && session) endSession('Your session has expired or its token was refused: sign in again.');
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(body && typeof body === 'object' && 'status' in body ? (body as Problem) : { status: response.status, title: response.statusText });
  return body as T;
}
