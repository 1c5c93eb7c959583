import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { call, pricingApi, wireId } from '../../api/client';
import { Empty, ErrorBox, Pager, useLoad } from '../../components/common';
import { FormMessage, Input, Select, useForm } from '../../components/form';
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
          <div className="table">
            <table>
              <thead>
                <tr>
                  <th>Title</th>
                  <th>Id</th>
                  <th>City</th>
                  <th>List price</th>
                  <th>Unit</th>
                  <th>Deposit</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((item) => (
                  <tr key={item.itemId}>
                    <td>
                      <Link to={`/merchant/items/${item.itemId}`}>{item.title}</Link>
                    </td>
                    <td>{item.itemId}</td>
                    <td>{item.cityId}</td>
                    <td>{formatMoney(item.listPrice)}</td>
                    <td>{item.priceUnit}</td>
                    <td>{formatMoney(item.deposit)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
      <FormMessage text={form.general} />
      <div className="actions">
        <button type="submit" disabled={form.busy}>
          Save item
        </button>
      </div>
    </form>
  );
}
