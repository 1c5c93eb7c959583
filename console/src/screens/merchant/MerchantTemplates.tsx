import { useState } from 'react';
import { Link } from 'react-router';
import { call, couponApi } from '../../api/client';
import { EnumFilter, Empty, ErrorBox, Pager, useLoad } from '../../components/common';
import { TEMPLATE_STATUSES } from '../../forms/template';
import { TemplateTable } from '../ops/OpsTemplates';

const SIZE = 20;
type Status = (typeof TEMPLATE_STATUSES)[number];

export function MerchantTemplates() {
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(0);
  const { data, error, loading } = useLoad(
    () => call(couponApi.GET('/merchant/coupon-templates', { params: { query: { status: (status || undefined) as Status | undefined, page, size: SIZE } } })),
    `${status}/${page}`,
  );
  return (
    <section>
      <h1>Your coupon templates</h1>
      <p>
        <Link className="button" to="/merchant/templates/new">
          New coupon template
        </Link>
      </p>
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <EnumFilter
          label="Status"
          name="status"
          value={status}
          options={TEMPLATE_STATUSES}
          onChange={(value) => {
            setStatus(value);
            setPage(0);
          }}
        />
      </form>
      <ErrorBox error={error} />
      {data?.items && data.items.length > 0 ? (
        <>
          <TemplateTable templates={data.items} link={(template) => `/merchant/templates/${template.id}`} />
          <Pager page={page} size={SIZE} total={data.total ?? 0} onPage={setPage} />
        </>
      ) : (
        !loading && !error && <Empty>No coupon templates yet.</Empty>
      )}
    </section>
  );
}
