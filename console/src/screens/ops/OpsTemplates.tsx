import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { call, couponApi, wireId, type Template } from '../../api/client';
import { EnumFilter, Empty, ErrorBox, Pager, Table, useLoad } from '../../components/common';
import { TEMPLATE_STATUSES } from '../../forms/template';

const SIZE = 20;

export function OpsTemplates() {
  const [filters, setFilters] = useState({ activityId: '', merchantId: '', status: '' });
  const [page, setPage] = useState(0);
  const [goTo, setGoTo] = useState('');
  const navigate = useNavigate();
  const { data, error, loading } = useLoad(
    () =>
      call(
        couponApi.GET('/ops/coupon-templates', {
          params: {
            query: {
              activityId: filters.activityId ? wireId(filters.activityId) : undefined,
              merchantId: filters.merchantId ? wireId(filters.merchantId) : undefined,
              status: (filters.status || undefined) as Template['status'],
              page,
              size: SIZE,
            },
          },
        }),
      ),
    JSON.stringify([filters, page]),
  );
  const filter = (name: keyof typeof filters) => (value: string) => {
    setFilters({ ...filters, [name]: value.trim() });
    setPage(0);
  };
  return (
    <section>
      <h1>Coupon templates</h1>
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          if (/^\d+$/.test(goTo.trim())) navigate(`/ops/templates/${goTo.trim()}`);
        }}
      >
        <label>
          Template id <input name="templateId" value={goTo} onChange={(event) => setGoTo(event.target.value)} inputMode="numeric" />
        </label>
        <button type="submit">Show stock</button>
      </form>
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <label>
          Activity id <input name="activityId" value={filters.activityId} onChange={(event) => filter('activityId')(event.target.value)} inputMode="numeric" />
        </label>
        <label>
          Merchant id <input name="merchantId" value={filters.merchantId} onChange={(event) => filter('merchantId')(event.target.value)} inputMode="numeric" />
        </label>
        <EnumFilter label="Status" name="status" value={filters.status} options={TEMPLATE_STATUSES} onChange={filter('status')} />
      </form>
      <ErrorBox error={error} />
      {data?.items && data.items.length > 0 ? (
        <>
          <TemplateTable templates={data.items} link={(template) => `/ops/templates/${template.id}`} />
          <Pager page={page} size={SIZE} total={data.total ?? 0} onPage={setPage} />
        </>
      ) : (
        !loading && !error && <Empty>No templates match these filters.</Empty>
      )}
    </section>
  );
}

export function TemplateTable({ templates, link }: { templates: Template[]; link: (template: Template) => string }) {
  return (
    <Table
      rows={templates}
      rowKey={(template) => template.id}
      columns={[
        { header: 'Title', cell: (template) => <Link to={link(template)}>{template.title}</Link> },
        { header: 'Id', cell: (template) => template.id },
        { header: 'Type', cell: (template) => template.type },
        { header: 'Status', cell: (template) => template.status },
        { header: 'Activity', cell: (template) => template.activityId },
        { header: 'Merchant', cell: (template) => template.merchantId },
        { header: 'Claimed / stock', cell: (template) => `${template.claimedCount ?? 0} / ${template.totalStock}` },
      ]}
    />
  );
}
