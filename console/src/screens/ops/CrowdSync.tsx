import { useState } from 'react';
import { call, crowdApi, newIdempotencyKey, type Batch } from '../../api/client';
import { Empty, ErrorBox, Table, useLoad } from '../../components/common';
import { Input, Submit, useForm } from '../../components/form';
import { validateBatch } from '../../forms/small';
import { formatTime, toInstant } from '../../lib/time';

/** rows/s from the batch's own counters: rows read over the time it has run. */
export function rowsPerSecond(batch: Batch, now = Date.now()): number | null {
  if (batch.rowsPerSecond !== undefined && batch.rowsPerSecond !== null) return batch.rowsPerSecond;
  if (!batch.startedAt || batch.rowsRead === undefined) return null;
  const end = batch.finishedAt ? Date.parse(batch.finishedAt) : now;
  const seconds = (end - Date.parse(batch.startedAt)) / 1000;
  return seconds > 0 ? Math.round(batch.rowsRead / seconds) : null;
}

export function CrowdSync() {
  const [watched, setWatched] = useState<string | null>(null);
  const list = useLoad(() => call(crowdApi.GET('/ops/crowd-sync/batches', { params: { query: { page: 0, size: 10 } } })), watched ?? '', 5000);
  const current = useLoad(
    () => (watched ? call(crowdApi.GET('/ops/crowd-sync/batches/{id}', { params: { path: { id: watched } } })) : Promise.resolve(null)),
    watched ?? '',
    2000,
  );
  const form = useForm({ snapshotPath: '', snapshotTime: '' }, validateBatch, ['snapshotPath', 'snapshotTime']);
  return (
    <section>
      <h1>Crowd-sync batches</h1>
      <form
        className="grid-form"
        aria-label="Start a batch"
        noValidate
        onSubmit={form.submit(async (values) => {
          const started = await call(
            crowdApi.POST('/ops/crowd-sync/batches', {
              body: { snapshotPath: values.snapshotPath.trim(), snapshotTime: toInstant(values.snapshotTime) ?? '' },
              params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
            }),
          );
          setWatched(started.id ?? null);
        })}
      >
        <Input label="Snapshot file path (on the server)" name="snapshotPath" form={form} />
        <Input label="Snapshot time" name="snapshotTime" form={form} type="datetime-local" />
        <Submit form={form} label="Start batch" />
      </form>
      {current.data && <BatchView batch={current.data} />}
      <h2>Recent batches</h2>
      <ErrorBox error={list.error} />
      {list.data?.items && list.data.items.length > 0 ? (
        <Table
          rows={list.data.items}
          rowKey={(batch) => batch.id}
          columns={[
            {
              header: 'Id',
              cell: (batch) => (
                <button type="button" className="link" onClick={() => setWatched(batch.id ?? null)}>
                  {batch.id}
                </button>
              ),
            },
            { header: 'Status', cell: (batch) => batch.status },
            { header: 'Snapshot', cell: (batch) => batch.snapshotPath },
            { header: 'Rows read', cell: (batch) => batch.rowsRead },
            { header: 'Started', cell: (batch) => formatTime(batch.startedAt) },
            { header: 'Finished', cell: (batch) => formatTime(batch.finishedAt) },
          ]}
        />
      ) : (
        !list.loading && !list.error && <Empty>No batch has run yet.</Empty>
      )}
    </section>
  );
}

function BatchView({ batch }: { batch: Batch }) {
  const fraction = batch.bytesTotal ? Math.min(1, (batch.bytesRead ?? 0) / batch.bytesTotal) : batch.status === 'COMPLETED' ? 1 : undefined;
  const rate = rowsPerSecond(batch);
  return (
    <section aria-label={`Batch ${batch.id}`}>
      <h2>
        Batch {batch.id}: {batch.status}
      </h2>
      <label>
        Progress{' '}
        <progress max={1} value={fraction}>
          {fraction !== undefined ? `${Math.round(fraction * 100)} %` : 'unknown'}
        </progress>{' '}
        {fraction !== undefined && `${Math.round(fraction * 100)} %`} {rate !== null && `· ${rate} rows/s`}
      </label>
      <dl className="facts">
        <dt>Rows read</dt>
        <dd>{batch.rowsRead}</dd>
        <dt>Applied</dt>
        <dd>{batch.rowsApplied}</dd>
        <dt>Superseded</dt>
        <dd>{batch.rowsSuperseded}</dd>
        <dt>Skipped</dt>
        <dd>{batch.rowsSkipped}</dd>
        <dt>Started</dt>
        <dd>{formatTime(batch.startedAt)}</dd>
        <dt>Finished</dt>
        <dd>{formatTime(batch.finishedAt)}</dd>
      </dl>
      {batch.errors && batch.errors.length > 0 && (
        <>
          <h3>First errors</h3>
          <ul>
            {batch.errors.map((error, index) => (
              <li key={index}>{typeof error === 'string' ? error : JSON.stringify(error)}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
