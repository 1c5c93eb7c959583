import { useState } from 'react';
import { Link } from 'react-router';
import { activityApi, call } from '../../api/client';
import { Empty, ErrorBox, Pager, useLoad } from '../../components/common';
import { ACTIVITY_STATUSES, KINDS } from '../../forms/activity';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';

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
  const filter = (name: keyof typeof filters) => (event: { target: { value: string } }) => {
    setFilters({ ...filters, [name]: event.target.value });
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
        <label>
          Status{' '}
          <select name="status" value={filters.status} onChange={filter('status')}>
            <option value="">(any)</option>
            {ACTIVITY_STATUSES.map((status) => (
              <option key={status}>{status}</option>
            ))}
          </select>
        </label>
        <label>
          City id <input name="cityId" value={filters.cityId} onChange={filter('cityId')} inputMode="numeric" />
        </label>
        <label>
          Kind{' '}
          <select name="kind" value={filters.kind} onChange={filter('kind')}>
            <option value="">(any)</option>
            {KINDS.map((kind) => (
              <option key={kind}>{kind}</option>
            ))}
          </select>
        </label>
      </form>
      <ErrorBox error={error} />
      {data && data.items && data.items.length > 0 ? (
        <>
          <div className="table">
            <table>
              <thead>
                <tr>
                  <th>Title</th>
                  <th>Status</th>
                  <th>Kind</th>
                  <th>Cities</th>
                  <th>Values</th>
                  <th>Sign-up</th>
                  <th>Runs</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((activity) => (
                  <tr key={activity.id}>
                    <td>
                      <Link to={`/ops/activities/${activity.id}`}>{activity.title}</Link>
                    </td>
                    <td>{activity.status}</td>
                    <td>{activity.kind}</td>
                    <td>{activity.cityIds?.join(', ')}</td>
                    <td>
                      {formatMoney(activity.valueLowerLimit)} – {formatMoney(activity.valueUpperLimit)}
                    </td>
                    <td>
                      {formatTime(activity.applyStartTime)} – {formatTime(activity.applyEndTime)}
                    </td>
                    <td>
                      {formatTime(activity.activityStartTime)} – {formatTime(activity.activityEndTime)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} size={SIZE} total={data.total ?? 0} onPage={setPage} />
        </>
      ) : (
        !loading && !error && <Empty>No activities match these filters.</Empty>
      )}
    </section>
  );
}
