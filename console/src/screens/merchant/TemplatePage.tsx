import { useState } from 'react';
import { useParams } from 'react-router';
import { call, couponApi, type BindResult, type Template, wireId } from '../../api/client';
import { ACTIONS, ConfirmButton, Empty, ErrorBox, Table, useLoad } from '../../components/common';
import { Input, Submit, useForm } from '../../components/form';
import { listingIds, validateBinding } from '../../forms/small';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { timeRange } from '../../lib/range';

export function TemplatePage() {
  const { id = '' } = useParams();
  const template = useLoad(() => call(couponApi.GET('/merchant/coupon-templates/{id}', { params: { path: { id: wireId(id) } } })), id);
  const bindings = useLoad(() => call(couponApi.GET('/merchant/coupon-templates/{templateId}/bindings', { params: { path: { templateId: wireId(id) }, query: { page: 0, size: 100 } } })), id);
  const [actionError, setActionError] = useState<unknown>(null);
  const [result, setResult] = useState<BindResult | null>(null);
  const bind = useForm({ listingIds: '' }, validateBinding, ['listingIds']);
  const act = (action: 'enable' | 'terminate') => async () => {
    setActionError(null);
    try {
      const path = action === 'enable' ? '/merchant/coupon-templates/{id}/enable' : '/merchant/coupon-templates/{id}/terminate';
      await call(couponApi.POST(path, { params: { path: { id: wireId(id) } } }));
      template.reload();
    } catch (failure) {
      setActionError(failure);
    }
  };
  const unbind = async (listingId: string) => {
    setActionError(null);
    try {
      await call(couponApi.DELETE('/merchant/coupon-templates/{templateId}/bindings/{listingId}', { params: { path: { templateId: wireId(id), listingId: wireId(listingId) } } }));
      bindings.reload();
    } catch (failure) {
      setActionError(failure);
    }
  };
  if (template.error) return <ErrorBox error={template.error} />;
  const t = template.data;
  if (!t) return <p aria-busy="true">Loading…</p>;
  const cap = bindings.data?.items?.[0]?.bindingCap;
  return (
    <section>
      <h1>{t.title}</h1>
      <TemplateFacts template={t} />
      <div className="actions">
        <ConfirmButton label="Enable" question="Enable this coupon? Consumers can claim it while the activity runs." disabled={t.status !== 'NEW'} onConfirm={act('enable')} />
        <ConfirmButton label="Terminate" question="Terminate this coupon? No more claims." disabled={t.status === 'TERMINATED' || t.status === 'ENDED' || t.status === 'EXPIRED'} onConfirm={act('terminate')} />
      </div>
      <ErrorBox error={actionError} />
      <h2>Bound listings{cap !== undefined && ` (a listing takes at most ${cap} active coupons)`}</h2>
      <ErrorBox error={bindings.error} />
      {bindings.data?.items && bindings.data.items.length > 0 ? (
        <Table
          rows={bindings.data.items}
          rowKey={(binding) => binding.listingId}
          columns={[
            { header: 'Listing', cell: (binding) => binding.listingId },
            { header: 'Bound', cell: (binding) => formatTime(binding.createdAt) },
            { header: 'Coupons on this listing', cell: (binding) => `${binding.activeBindingsOnListing}${(binding.bindingCap ?? cap) !== undefined ? ` of ${binding.bindingCap ?? cap}` : ''}` },
            {
              header: ACTIONS,
              cell: (binding) => (
                <button type="button" onClick={() => void unbind(binding.listingId ?? '')} aria-label={`Unbind listing ${binding.listingId}`}>
                  Unbind
                </button>
              ),
            },
          ]}
        />
      ) : (
        !bindings.loading && !bindings.error && <Empty>No listing is bound to this coupon.</Empty>
      )}
      <form
        className="grid-form"
        aria-label="Bind listings"
        noValidate
        onSubmit={bind.submit(async (values) => {
          setResult(await call(couponApi.POST('/merchant/coupon-templates/{templateId}/bindings', { params: { path: { templateId: wireId(id) } }, body: { listingIds: listingIds(values.listingIds) } })));
          bind.set('listingIds', '');
          bindings.reload();
        })}
      >
        <Input label="Listing ids to bind" name="listingIds" form={bind} hint="Your items' ids, comma-separated" />
        <Submit form={bind} label="Bind" />
      </form>
      {result && (
        <p role="status">
          Bound: {result.bound?.join(', ') || 'none'}.
          {result.rejected && result.rejected.length > 0 && ` Refused: ${result.rejected.map((r) => `${r.listingId} (${r.code})`).join(', ')}.`}
        </p>
      )}
    </section>
  );
}

function TemplateFacts({ template: t }: { template: Template }) {
  return (
    <dl className="facts">
      <dt>Id</dt>
      <dd>{t.id}</dd>
      <dt>Status</dt>
      <dd data-testid="template-status">{t.status}</dd>
      <dt>Type</dt>
      <dd>{t.type}</dd>
      <dt>Activity</dt>
      <dd>{t.activityId}</dd>
      <dt>City</dt>
      <dd>{t.cityId}</dd>
      {t.amountOff != null && (
        <>
          <dt>Amount off</dt>
          <dd>{formatMoney(t.amountOff)}</dd>
        </>
      )}
      {t.percentOff != null && (
        <>
          <dt>Percent off</dt>
          <dd>
            {t.percentOff} %{t.maxDiscount != null && `, at most ${formatMoney(t.maxDiscount)}`}
          </dd>
        </>
      )}
      {t.freeDays != null && (
        <>
          <dt>Free days</dt>
          <dd>{t.freeDays}</dd>
        </>
      )}
      {t.specialPrice != null && (
        <>
          <dt>Special price</dt>
          <dd>{formatMoney(t.specialPrice)}</dd>
        </>
      )}
      {t.thresholdAmount != null && (
        <>
          <dt>Minimum order</dt>
          <dd>{formatMoney(t.thresholdAmount)}</dd>
        </>
      )}
      <dt>Stock</dt>
      <dd>
        {t.claimedCount ?? 0} claimed of {t.totalStock}, {t.perUserLimit} per user
      </dd>
      <dt>Validity</dt>
      <dd>{t.validity?.type === 'FLOATING' ? `${t.validity.days} days from the claim` : timeRange(t.validity?.startTime, t.validity?.endTime)}</dd>
      <dt>Audience</dt>
      <dd>{t.audience?.type === 'CROWD' ? `crowd ${t.audience.crowdId}` : 'everyone'}</dd>
    </dl>
  );
}
