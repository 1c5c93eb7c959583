import { useState } from 'react';
import { Link } from 'react-router';
import { activityApi, call } from '../../api/client';
import { EnumFilter, Empty, ErrorBox, Pager, Table, useLoad } from '../../components/common';
import { ACTIVITY_STATUSES, KINDS } from '../../forms/activity';
import { moneyRange, timeRange } from '../../lib/range';

const SIZE = 20;
type Status = (typeof ACTIVITY_STATUSES)[number];
type Kind = (typeof KINDS)[number];

export function Activities() {
  const [filters, setFilters] = useState({ status: '', cityId: '', kind: '' });
  const [page, setPage] = useState(0);
  const { data, error, loading } = useLoad(
    () =>
      call(
        activityApi.GET('/ops/activities', {
          params: {
            query: {
              status: (filters.status || undefined) as Status | undefined,
              cityId: filters.cityId.trim() || undefined,
              kind: (filters.kind || undefined) as Kind | undefined,
              page,
              size: SIZE,
            },
          },
        }),
      ),
    JSON.stringify([filters, page]),
  );
  const filter = (name: keyof typeof filters) => (value: string) => {
    setFilters({ ...filters, [name]: value });
    setPage(0);
  };
  return (
    <section>
      <h1>Activities</h1>
      <p>
        <Link className="button" to="/ops/activities/new">
          New activity
        </Link>
      </p>
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <EnumFilter label="Status" name="status" value={filters.status} options={ACTIVITY_STATUSES} onChange={filter('status')} />
        <label>
          City id <input name="cityId" value={filters.cityId} onChange={(event) => filter('cityId')(event.target.value)} inputMode="numeric" />
        </label>
        <EnumFilter label="Kind" name="kind" value={filters.kind} options={KINDS} onChange={filter('kind')} />
      </form>
      <ErrorBox error={error} />
      {data && data.items && data.items.length > 0 ? (
        <>
          <Table
            rows={data.items}
            rowKey={(activity) => activity.id}
            columns={[
              { header: 'Title', cell: (activity) => <Link to={`/ops/activities/${activity.id}`}>{activity.title}</Link> },
              { header: 'Status', cell: (activity) => activity.status },
              { header: 'Kind', cell: (activity) => activity.kind },
              { header: 'Cities', cell: (activity) => activity.cityIds?.join(', ') },
              { header: 'Values', cell: (activity) => moneyRange(activity.valueLowerLimit, activity.valueUpperLimit) },
              { header: 'Sign-up', cell: (activity) => timeRange(activity.applyStartTime, activity.applyEndTime) },
              { header: 'Runs', cell: (activity) => timeRange(activity.activityStartTime, activity.activityEndTime) },
            ]}
          />
          <Pager page={page} size={SIZE} total={data.total ?? 0} onPage={setPage} />
        </>
      ) : (
        !loading && !error && <Empty>No activities match these filters.</Empty>
      )}
    </section>
  );
}
