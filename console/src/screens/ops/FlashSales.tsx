import { useState } from 'react';
import { call, claimApi, type Report, wireId } from '../../api/client';
import { Empty, ErrorBox, useLoad } from '../../components/common';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';

export function FlashSales() {
  const [templateId, setTemplateId] = useState('');
  const [shown, setShown] = useState('');
  return (
    <section>
      <h1>Flash sales</h1>
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          if (/^\d+$/.test(templateId.trim())) setShown(templateId.trim());
        }}
      >
        <label>
          Sale (template id) <input name="templateId" value={templateId} onChange={(event) => setTemplateId(event.target.value)} inputMode="numeric" />
        </label>
        <button type="submit">Show</button>
      </form>
      {shown ? <Sale templateId={shown} key={shown} /> : <Empty>Enter a flash sale&rsquo;s template id.</Empty>}
    </section>
  );
}

function Sale({ templateId }: { templateId: string }) {
  const stock = useLoad(() => call(claimApi.GET('/ops/coupon-templates/{templateId}/stock', { params: { path: { templateId: wireId(templateId) } } })), templateId, 3000);
  const reports = useLoad(() => call(claimApi.GET('/ops/flash-sales/{templateId}/reconciliations', { params: { path: { templateId: wireId(templateId) }, query: { page: 0, size: 10 } } })), templateId);
  const [report, setReport] = useState<Report | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const upload = async (file: File) => {
    setUploadError(null);
    try {
      const text = await file.text();
      const created = await call(
        claimApi.POST('/ops/flash-sales/{templateId}/reconciliations', {
          params: { path: { templateId: wireId(templateId) } },
          body: text,
          bodySerializer: (body: string) => body,
          headers: { 'Content-Type': 'text/csv' },
        }),
      );
      setReport(created);
      reports.reload();
    } catch (failure) {
      setUploadError(failure);
    }
  };
  return (
    <>
      <ErrorBox error={stock.error} />
      {stock.data && (
        <dl className="facts" aria-label="Sale">
          <dt>Total</dt>
          <dd>{stock.data.total}</dd>
          <dt>Remaining</dt>
          <dd>{stock.data.remaining}</dd>
          <dt>Reserved</dt>
          <dd>{stock.data.reserved ?? 0}</dd>
          <dt>Paid</dt>
          <dd>{stock.data.paid ?? 0}</dd>
          <dt>Expired</dt>
          <dd>{stock.data.expired ?? 0}</dd>
        </dl>
      )}
      <h2>Settlement file</h2>
      <label>
        The payment provider&rsquo;s settlement file (CSV: providerRef,transactionId,amount,paidAt){' '}
        <input type="file" accept=".csv,text/csv" onChange={(event) => event.target.files?.[0] && void upload(event.target.files[0])} />
      </label>
      <ErrorBox error={uploadError} />
      {report && <ReportView report={report} />}
      <h2>Earlier reconciliations</h2>
      <ErrorBox error={reports.error} />
      {reports.data?.items && reports.data.items.length > 0 ? (
        <ul>
          {reports.data.items.map((item) => (
            <li key={item.id}>
              <button type="button" className="link" onClick={() => setReport(item)}>
                Report {item.id} of {formatTime(item.createdAt)}
              </button>
              : {item.matched} matched, delta {item.quantityDelta}
            </li>
          ))}
        </ul>
      ) : (
        !reports.loading && <Empty>No reconciliation yet.</Empty>
      )}
    </>
  );
}

function ReportView({ report }: { report: Report }) {
  const lists = [
    ['In the file, not paid here', report.missingInternal],
    ['Paid here, not in the file', report.missingExternal],
    ['Amounts that differ', report.amountMismatches],
  ] as const;
  return (
    <section aria-label="Reconciliation report">
      <h3>Report {report.id}</h3>
      <dl className="facts">
        <dt>Rows</dt>
        <dd>{report.rows}</dd>
        <dt>Matched</dt>
        <dd>{report.matched}</dd>
        <dt>Quantity delta</dt>
        <dd>{report.quantityDelta}</dd>
      </dl>
      {lists.map(([title, entries]) => (
        <div key={title}>
          <h4>
            {title} ({entries?.length ?? 0})
          </h4>
          {entries && entries.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th>Transaction</th>
                  <th>Provider ref</th>
                  <th>Ours</th>
                  <th>Theirs</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry, index) => (
                  <tr key={index}>
                    <td>{entry.transactionId}</td>
                    <td>{entry.providerRef}</td>
                    <td>{formatMoney(entry.ourAmount)}</td>
                    <td>{formatMoney(entry.theirAmount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </section>
  );
}
