import { useState } from 'react';
import { useParams } from 'react-router';
import { call, pricingApi, wireId } from '../../api/client';
import { ACTIONS, ConfirmButton, Empty, ErrorBox, Table, useLoad } from '../../components/common';
import { Input, Select, Submit, useForm } from '../../components/form';
import { CROWD_TYPES, FAN_PRICE_FIELDS, fanPriceRequest, validateFanPrice, type FanPriceValues } from '../../forms/item';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';

type CrowdType = (typeof CROWD_TYPES)[number];

export function ItemPage() {
  const { id = '' } = useParams();
  // The item's own answer comes from the merchant's item list (there is no single-item read).
  const items = useLoad(() => call(pricingApi.GET('/merchant/items', { params: { query: { page: 0, size: 100 } } })), id);
  const prices = useLoad(() => call(pricingApi.GET('/merchant/items/{itemId}/fan-prices', { params: { path: { itemId: wireId(id) } } })), id);
  const [error, setError] = useState<unknown>(null);
  const item = items.data?.items?.find((candidate) => candidate.itemId === id);
  const remove = (crowdType: CrowdType) => async () => {
    setError(null);
    try {
      await call(pricingApi.DELETE('/merchant/items/{itemId}/fan-prices/{crowdType}', { params: { path: { itemId: wireId(id), crowdType } } }));
      prices.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section>
      <h1>Item {item?.title ?? id}</h1>
      {item && (
        <dl className="facts">
          <dt>List price</dt>
          <dd>
            {formatMoney(item.listPrice)} {item.priceUnit}
          </dd>
          <dt>Deposit</dt>
          <dd>{formatMoney(item.deposit)}</dd>
          <dt>City</dt>
          <dd>{item.cityId}</dd>
        </dl>
      )}
      <h2>Fan prices</h2>
      <ErrorBox error={prices.error ?? error} />
      {prices.data?.items && prices.data.items.length > 0 ? (
        <Table
          rows={prices.data.items}
          rowKey={(price) => price.crowdType}
          columns={[
            { header: 'Crowd', cell: (price) => `${price.crowdType} (${price.crowdId})` },
            { header: 'Price', cell: (price) => formatMoney(price.price) },
            { header: 'From', cell: (price) => formatTime(price.startTime) || 'always' },
            { header: 'Until', cell: (price) => formatTime(price.endTime) || 'open-ended' },
            {
              header: ACTIONS,
              cell: (price) => price.crowdType && <ConfirmButton label="Remove" question={`Remove the ${price.crowdType} price?`} onConfirm={remove(price.crowdType)} />,
            },
          ]}
        />
      ) : (
        !prices.loading && !prices.error && <Empty>No fan price for this item.</Empty>
      )}
      <FanPriceForm
        listPrice={item?.listPrice}
        onSubmit={async (values) => {
          await call(
            pricingApi.PUT('/merchant/items/{itemId}/fan-prices/{crowdType}', {
              params: { path: { itemId: wireId(id), crowdType: values.crowdType as CrowdType } },
              body: fanPriceRequest(values),
            }),
          );
          prices.reload();
        }}
      />
    </section>
  );
}

export function FanPriceForm({ listPrice, onSubmit }: { listPrice: number | undefined; onSubmit: (values: FanPriceValues) => Promise<void> }) {
  const form = useForm<FanPriceValues>({ crowdType: 'ALL_FANS', price: '', startTime: '', endTime: '' }, (values) => validateFanPrice(values, listPrice), FAN_PRICE_FIELDS);
  return (
    <form className="grid-form" onSubmit={form.submit(onSubmit)} noValidate aria-label="Fan price">
      <Select label="Crowd" name="crowdType" form={form} options={CROWD_TYPES} />
      <Input label="Fan price" name="price" form={form} inputMode="decimal" hint={listPrice !== undefined ? `Below the list price ${formatMoney(listPrice)}` : undefined} />
      <Input label="From (optional)" name="startTime" form={form} type="datetime-local" />
      <Input label="Until (optional)" name="endTime" form={form} type="datetime-local" />
      <Submit form={form} label="Set fan price" />
    </form>
  );
}
