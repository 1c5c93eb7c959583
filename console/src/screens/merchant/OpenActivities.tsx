import { useState } from 'react';
import { Link } from 'react-router';
import { activityApi, call, couponApi, newIdempotencyKey, wireId } from '../../api/client';
import { Empty, ErrorBox, Table, useLoad } from '../../components/common';
import { moneyRange, timeRange } from '../../lib/range';
import { formatTime } from '../../lib/time';

export function OpenActivities() {
  const open = useLoad(() => call(activityApi.GET('/merchant/activities', { params: { query: { status: 'SIGNUP_OPEN', size: 100 } } })), 'open');
  const signups = useLoad(() => call(couponApi.GET('/merchant/signups', { params: { query: { page: 0, size: 100 } } })), 'signups');
  const [error, setError] = useState<unknown>(null);
  const signedUp = new Set((signups.data?.items ?? []).map((signup) => signup.activityId));
  const signUp = async (activityId: string) => {
    setError(null);
    try {
      await call(
        couponApi.POST('/merchant/activities/{activityId}/signups', { params: { path: { activityId: wireId(activityId) }, header: { 'Idempotency-Key': newIdempotencyKey() } } }),
      );
      signups.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const items = open.data?.items ?? [];
  return (
    <section>
      <h1>Activities open for sign-up</h1>
      <ErrorBox error={open.error ?? signups.error ?? error} />
      {items.length > 0 ? (
        <Table
          rows={items}
          rowKey={(activity) => activity.id}
          columns={[
            { header: 'Title', cell: (activity) => activity.title },
            { header: 'Kind', cell: (activity) => activity.kind },
            { header: 'Cities', cell: (activity) => activity.cityIds?.join(', ') },
            { header: 'Coupon types', cell: (activity) => activity.couponTypes?.join(', ') },
            { header: 'Values', cell: (activity) => moneyRange(activity.valueLowerLimit, activity.valueUpperLimit) },
            { header: 'Sign-up closes', cell: (activity) => formatTime(activity.applyEndTime) },
            { header: 'Runs', cell: (activity) => timeRange(activity.activityStartTime, activity.activityEndTime) },
            {
              header: 'You',
              cell: (activity) =>
                signedUp.has(activity.id ?? '') ? (
                  <Link to={`/merchant/templates/new?activityId=${activity.id}`}>Signed up: create a coupon</Link>
                ) : (
                  <button type="button" onClick={() => void signUp(activity.id ?? '')} aria-label={`Sign up to ${activity.title}`}>
                    Sign up
                  </button>
                ),
            },
          ]}
        />
      ) : (
        !open.loading && !open.error && <Empty>No activity is open for sign-up now.</Empty>
      )}
      <h2>Your sign-ups</h2>
      {signups.data?.items && signups.data.items.length > 0 ? (
        <ul>
          {signups.data.items.map((signup) => (
            <li key={signup.activityId}>
              Activity {signup.activityId}, since {formatTime(signup.createdAt)}{' '}
              <Link to={`/merchant/templates/new?activityId=${signup.activityId}`}>Create a coupon</Link>
            </li>
          ))}
        </ul>
      ) : (
        !signups.loading && !signups.error && <Empty>You have not signed up to any activity.</Empty>
      )}
    </section>
  );
}
