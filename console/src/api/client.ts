// Typed clients over the gateway's public API (same origin), one per service document.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths as ActivityPaths, components as ActivityComponents } from './generated/activity-service';
import type { paths as CouponPaths, components as CouponComponents } from './generated/coupon-service';
import type { paths as ClaimPaths, components as ClaimComponents } from './generated/claim-service';
import type { paths as CrowdPaths, components as CrowdComponents } from './generated/crowd-sync-service';
import type { paths as PricingPaths, components as PricingComponents } from './generated/discount-pricing-service';
import { ApiError, type Problem } from './problem';
import { endSession, getSession } from './session';

export type Activity = ActivityComponents['schemas']['ActivityResponse'];
export type ActivityInput = ActivityComponents['schemas']['CreateActivity'];
export type Template = CouponComponents['schemas']['TemplateResponse'];
export type TemplateInput = CouponComponents['schemas']['CreateTemplate'];
export type BindResult = CouponComponents['schemas']['BindResult'];
export type Stock = ClaimComponents['schemas']['Stock'];
export type Report = ClaimComponents['schemas']['Report'];
export type Batch = CrowdComponents['schemas']['BatchReport'];
export type Item = PricingComponents['schemas']['ItemResponse'];
export type ItemInput = PricingComponents['schemas']['ItemRequest'];
export type FanPrice = PricingComponents['schemas']['FanPriceResponse'];

const authorise: Middleware = {
  onRequest({ request }) {
    const session = getSession();
    if (session) request.headers.set('Authorization', `Bearer ${session.token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && getSession()) {
      endSession('Your session has expired or its token was refused: sign in again.');
    }
    return response;
  },
};

function client<Paths extends object>() {
  // fetch looked up per request (not captured once), so a test can stand in for the network
  const api = createClient<Paths>({ baseUrl: window.location.origin, fetch: (request) => globalThis.fetch(request) });
  api.use(authorise);
  return api;
}

export const activityApi = client<ActivityPaths>();
export const couponApi = client<CouponPaths>();
export const claimApi = client<ClaimPaths>();
export const crowdApi = client<CrowdPaths>();
export const pricingApi = client<PricingPaths>();

/** The answer's body, or an ApiError carrying the problem details. */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result;
  try {
    result = await request;
  } catch (cause) {
    throw new ApiError({ status: 0, title: 'The server could not be reached', detail: String(cause) });
  }
  if (result.response.ok) return result.data as T;
  throw new ApiError(toProblem(result.error, result.response));
}

function toProblem(body: unknown, response: Response): Problem {
  if (body && typeof body === 'object' && 'status' in body) return body as Problem;
  return { status: response.status, title: response.statusText || `HTTP ${response.status}`, detail: typeof body === 'string' && body ? body : undefined };
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/**
 * The documents declare ids in paths and queries as int64, but ids are TSIDs beyond 2^53: a JavaScript number
 * would round them, so they travel as the digit strings the API gave (openapi-fetch encodes either).
 */
export function wireId(id: string): number {
  return id as unknown as number;
}
