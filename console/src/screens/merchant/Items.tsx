import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { call, pricingApi, wireId } from '../../api/client';
import { Empty, ErrorBox, Pager, Table, useLoad } from '../../components/common';
import { Input, Select, Submit, useForm } from '../../components/form';
import { ITEM_FIELDS, PRICE_UNITS, emptyItem, itemRequest, validateItem, type ItemValues } from '../../forms/item';
import { formatMoney } from '../../lib/money';

const SIZE = 20;

export function Items() {
  const [page, setPage] = useState(0);
  const navigate = useNavigate();
  const { data, error, loading } = useLoad(() => call(pricingApi.GET('/merchant/items', { params: { query: { page, size: SIZE } } })), String(page));
  return (
    <section>
      <h1>Your items</h1>
      <ErrorBox error={error} />
      {data?.items && data.items.length > 0 ? (
        <>
          <Table
            rows={data.items}
            rowKey={(item) => item.itemId}
            columns={[
              { header: 'Title', cell: (item) => <Link to={`/merchant/items/${item.itemId}`}>{item.title}</Link> },
              { header: 'Id', cell: (item) => item.itemId },
              { header: 'City', cell: (item) => item.cityId },
              { header: 'List price', cell: (item) => formatMoney(item.listPrice) },
              { header: 'Unit', cell: (item) => item.priceUnit },
              { header: 'Deposit', cell: (item) => formatMoney(item.deposit) },
            ]}
          />
          <Pager page={page} size={SIZE} total={data.total ?? 0} onPage={setPage} />
        </>
      ) : (
        !loading && !error && <Empty>No items yet: register one below.</Empty>
      )}
      <h2>Register or update an item</h2>
      <ItemForm
        initial={emptyItem()}
        onSubmit={async (values) => {
          await call(pricingApi.PUT('/merchant/items/{itemId}', { params: { path: { itemId: wireId(values.itemId.trim()) } }, body: itemRequest(values) }));
          navigate(`/merchant/items/${values.itemId.trim()}`);
        }}
      />
    </section>
  );
}

export function ItemForm({ initial, onSubmit, fixedId }: { initial: ItemValues; onSubmit: (values: ItemValues) => Promise<void>; fixedId?: boolean }) {
  const form = useForm(initial, validateItem, ITEM_FIELDS);
  return (
    <form className="grid-form" onSubmit={form.submit(onSubmit)} noValidate aria-label="Item">
      {!fixedId && <Input label="Item id" name="itemId" form={form} inputMode="numeric" hint="Your own listing id (digits)" />}
      <Input label="Item title" name="title" form={form} />
      <Input label="City id" name="cityId" form={form} inputMode="numeric" />
      <Input label="List price" name="listPrice" form={form} inputMode="decimal" hint="In major units: 1888.00" />
      <Select label="Price unit" name="priceUnit" form={form} options={PRICE_UNITS} />
      <Input label="Deposit" name="deposit" form={form} inputMode="decimal" />
      <Submit form={form} label="Save item" />
    </form>
  );
}
