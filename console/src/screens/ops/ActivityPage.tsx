import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { activityApi, call, newIdempotencyKey, type Activity, wireId } from '../../api/client';
import { ConfirmButton, ErrorBox, useLoad } from '../../components/common';
import { activityRequest, activityValues, emptyActivity } from '../../forms/activity';
import { moneyRange, timeRange } from '../../lib/range';
import { ActivityForm } from './ActivityForm';

export function NewActivity() {
  const navigate = useNavigate();
  return (
    <section>
      <h1>New activity</h1>
      <ActivityForm
        initial={emptyActivity()}
        submitLabel="Create activity"
        onSubmit={async (values) => {
          const created = await call(
            activityApi.POST('/ops/activities', { body: activityRequest(values), params: { header: { 'Idempotency-Key': newIdempotencyKey() } } }),
          );
          navigate(`/ops/activities/${created.id}`);
        }}
      />
    </section>
  );
}

export function ActivityPage() {
  const { id = '' } = useParams();
  const { data, error, reload } = useLoad(() => call(activityApi.GET('/ops/activities/{id}', { params: { path: { id: wireId(id) } } })), id);
  const [actionError, setActionError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const act = (action: 'publish' | 'terminate') => async () => {
    setActionError(null);
    try {
      const path = action === 'publish' ? '/ops/activities/{id}/publish' : '/ops/activities/{id}/terminate';
      await call(activityApi.POST(path, { params: { path: { id: wireId(id) } } }));
      reload();
    } catch (failure) {
      setActionError(failure);
    }
  };
  if (error) return <ErrorBox error={error} />;
  if (!data) return <p aria-busy="true">Loading…</p>;
  return (
    <section>
      <h1>{data.title}</h1>
      <ActivitySummary activity={data} />
      <div className="actions">
        <ConfirmButton label="Publish" question="Publish this activity? It can no longer be edited." disabled={data.status !== 'DRAFT'} onConfirm={act('publish')} />
        <ConfirmButton label="Terminate" question="Terminate this activity and its coupons?" disabled={data.status === 'ENDED' || data.status === 'TERMINATED'} onConfirm={act('terminate')} />
      </div>
      <ErrorBox error={actionError} />
      {data.status === 'DRAFT' && (
        <>
          <h2>Edit (version {data.version})</h2>
          {saved && <p role="status">Saved.</p>}
          <ActivityForm
            key={data.version}
            initial={activityValues(data)}
            submitLabel="Save changes"
            onSubmit={async (values) => {
              setSaved(false);
              await call(
                activityApi.PATCH('/ops/activities/{id}', {
                  params: { path: { id: wireId(id) }, header: { 'If-Match': String(data.version) } },
                  body: activityRequest(values),
                }),
              );
              setSaved(true);
              reload();
            }}
          />
        </>
      )}
    </section>
  );
}

function ActivitySummary({ activity }: { activity: Activity }) {
  return (
    <dl className="facts">
      <dt>Id</dt>
      <dd>{activity.id}</dd>
      <dt>Status</dt>
      <dd data-testid="activity-status">{activity.status}</dd>
      <dt>Kind</dt>
      <dd>{activity.kind}</dd>
      <dt>Cities</dt>
      <dd>{activity.cityIds?.join(', ')}</dd>
      <dt>Coupon types</dt>
      <dd>{activity.couponTypes?.join(', ')}</dd>
      <dt>Values</dt>
      <dd>{moneyRange(activity.valueLowerLimit, activity.valueUpperLimit)}</dd>
      <dt>Sign-up</dt>
      <dd>{timeRange(activity.applyStartTime, activity.applyEndTime)}</dd>
      <dt>Runs</dt>
      <dd>{timeRange(activity.activityStartTime, activity.activityEndTime)}</dd>
    </dl>
  );
}
