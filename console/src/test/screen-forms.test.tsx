import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach } from 'vitest';
import { Route, Routes } from 'react-router';
import { CrowdSync } from '../screens/ops/CrowdSync';
import { TemplatePage } from '../screens/merchant/TemplatePage';
import { renderPage } from './render';

/** Answers the screens' requests from a table of "METHOD path" → [status, body], recording them. */
function network(answers: Record<string, [number, unknown]>) {
  const calls: { method: string; path: string; body: string | null }[] = [];
  vi.stubGlobal('fetch', async (input: Request | string, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(input, window.location.origin), init);
    const url = new URL(request.url);
    const body = request.method === 'GET' ? null : await request.text();
    calls.push({ method: request.method, path: url.pathname, body });
    const answer = answers[`${request.method} ${url.pathname}`];
    if (!answer) return new Response(JSON.stringify({ status: 404, code: 'NOT_FOUND', title: 'Not Found' }), { status: 404, headers: { 'Content-Type': 'application/problem+json' } });
    const [status, payload] = answer;
    return new Response(JSON.stringify(payload), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } });
  });
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

const emptyPage = { items: [], page: 0, size: 10, total: 0 };

describe('the crowd-sync batch form', () => {
  it('checks its fields before sending anything', async () => {
    const calls = network({ 'GET /ops/crowd-sync/batches': [200, emptyPage] });
    renderPage(<CrowdSync />);
    await screen.findByText('No batch has run yet.');
    await userEvent.click(screen.getByRole('button', { name: 'Start batch' }));
    expect(screen.getByLabelText(/Snapshot file path/)).toHaveAccessibleDescription(/path on the server/);
    expect(screen.getByLabelText('Snapshot time')).toHaveAccessibleDescription(/date and time/);
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);
  });

  it('sends the snapshot time as a UTC instant and shows the server\u2019s refusal on the path', async () => {
    const calls = network({
      'GET /ops/crowd-sync/batches': [200, emptyPage],
      'POST /ops/crowd-sync/batches': [400, { status: 400, code: 'VALIDATION_FAILED', title: 'Bad Request', errors: [{ field: 'snapshotPath', message: 'no such file' }] }],
    });
    renderPage(<CrowdSync />);
    await userEvent.type(screen.getByLabelText(/Snapshot file path/), '/data/missing.csv');
    await userEvent.type(screen.getByLabelText('Snapshot time'), '2030-01-01T08:00');
    await userEvent.click(screen.getByRole('button', { name: 'Start batch' }));
    await waitFor(() => expect(screen.getByLabelText(/Snapshot file path/)).toHaveAccessibleDescription('no such file'));
    const sent = JSON.parse(calls.find((call) => call.method === 'POST')!.body!);
    expect(sent).toEqual({ snapshotPath: '/data/missing.csv', snapshotTime: new Date('2030-01-01T08:00').toISOString().replace('.000Z', 'Z') });
  });
});

describe('the bind form', () => {
  const template = { id: '900000000000000001', title: 'Ten off', status: 'ENABLED', type: 'AMOUNT_OFF', amountOff: 1000, totalStock: 5, perUserLimit: 1, validity: { type: 'FLOATING', days: 30 }, audience: { type: 'ALL' } };

  function renderTemplate() {
    return renderPage(
      <Routes>
        <Route path="/merchant/templates/:id" element={<TemplatePage />} />
      </Routes>,
      `/merchant/templates/${template.id}`,
    );
  }

  it('needs listing ids of digits, and shows the listing\u2019s use of the cap', async () => {
    const calls = network({
      [`GET /merchant/coupon-templates/${template.id}`]: [200, template],
      [`GET /merchant/coupon-templates/${template.id}/bindings`]: [200, { ...emptyPage, total: 1, items: [{ listingId: '77', createdAt: '2030-01-01T00:00:00Z', activeBindingsOnListing: 2, bindingCap: 3 }] }],
    });
    renderTemplate();
    expect(await screen.findByRole('cell', { name: '2 of 3' })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Listing ids to bind'), '12, x');
    await userEvent.click(screen.getByRole('button', { name: 'Bind' }));
    expect(screen.getByLabelText('Listing ids to bind')).toHaveAccessibleDescription(/digits/);
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);
  });

  it('reports the listings the server refused and their codes', async () => {
    const calls = network({
      [`GET /merchant/coupon-templates/${template.id}`]: [200, template],
      [`GET /merchant/coupon-templates/${template.id}/bindings`]: [200, emptyPage],
      [`POST /merchant/coupon-templates/${template.id}/bindings`]: [200, { bound: ['12'], rejected: [{ listingId: '13', code: 'LIMIT_REACHED' }] }],
    });
    renderTemplate();
    await userEvent.type(await screen.findByLabelText('Listing ids to bind'), '12, 13');
    await userEvent.click(screen.getByRole('button', { name: 'Bind' }));
    expect(await screen.findByText(/Bound: 12\. Refused: 13 \(LIMIT_REACHED\)/)).toBeInTheDocument();
    expect(JSON.parse(calls.find((call) => call.method === 'POST')!.body!)).toEqual({ listingIds: ['12', '13'] });
  });
});
