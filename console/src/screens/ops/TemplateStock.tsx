import { useState } from 'react';
import { useParams } from 'react-router';
import { call, claimApi, type Report, wireId } from '../../api/client';
import { Empty, ErrorBox, useLoad } from '../../components/common';

const REFRESH_MS = 3000;

export function TemplateStock() {
  const { id = '' } = useParams();
  const stock = useLoad(() => call(claimApi.GET('/ops/coupon-templates/{templateId}/stock', { params: { path: { templateId: wireId(id) } } })), id, REFRESH_MS);
  const claims = useLoad(() => call(claimApi.GET('/ops/coupon-templates/{templateId}/claims/summary', { params: { path: { templateId: wireId(id) } } })), id, REFRESH_MS);
  const [report, setReport] = useState<Report | null>(null);
  const [reconcileError, setReconcileError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const reconcile = async () => {
    setBusy(true);
    setReconcileError(null);
    try {
      setReport(await call(claimApi.POST('/ops/coupon-templates/{templateId}/reconcile', { params: { path: { templateId: wireId(id) } } })));
      stock.reload();
    } catch (failure) {
      setReconcileError(failure);
    } finally {
      setBusy(false);
    }
  };
  const s = stock.data;
  return (
    <section>
      <h1>Template {id}: live stock</h1>
      <p className="hint">Refreshes every {REFRESH_MS / 1000} seconds.</p>
      <ErrorBox error={stock.error} />
      {s && (
        <dl className="facts stock" aria-label="Stock" data-testid="stock">
          {(['total', 'remaining', 'pending', 'issued', 'frozen', 'reserved', 'paid', 'expired'] as const)
            .filter((name) => s[name] !== undefined && s[name] !== null)
            .map((name) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd data-testid={`stock-${name}`}>{s[name]}</dd>
              </div>
            ))}
        </dl>
      )}
      <div className="actions">
        <button type="button" onClick={reconcile} disabled={busy}>
          Reconcile now
        </button>
      </div>
      <ErrorBox error={reconcileError} />
      {report && (
        <>
          <h2>Drift report</h2>
          <KeyValues value={report as Record<string, unknown>} />
        </>
      )}
      <h2>Claims by outcome</h2>
      <ErrorBox error={claims.error} />
      {claims.data && (
        <>
          <dl className="facts">
            <dt>Accepted</dt>
            <dd>{claims.data.accepted}</dd>
            <dt>Issued</dt>
            <dd>{claims.data.issued}</dd>
            <dt>Rejected</dt>
            <dd>{claims.data.rejected}</dd>
          </dl>
          {Object.keys(claims.data.rejectedByCode ?? {}).length > 0 ? (
            <table>
              <thead>
                <tr>
                  <th>Rejection code</th>
                  <th>Claims</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(claims.data.rejectedByCode ?? {}).map(([code, count]) => (
                  <tr key={code}>
                    <td>{code}</td>
                    <td>{count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty>No claim was rejected.</Empty>
          )}
        </>
      )}
    </section>
  );
}

export function KeyValues({ value }: { value: Record<string, unknown> }) {
  return (
    <dl className="facts">
      {Object.entries(value).map(([name, item]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{typeof item === 'object' && item !== null ? <pre>{JSON.stringify(item, null, 2)}</pre> : String(item)}</dd>
        </div>
      ))}
    </dl>
  );
}
