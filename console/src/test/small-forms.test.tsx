import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach } from 'vitest';
import { endSession, getSession, takeEndedMessage } from '../api/session';
import { validateBatch, validateBinding } from '../forms/small';
import { SignIn } from '../screens/SignIn';
import { rowsPerSecond } from '../screens/ops/CrowdSync';
import { renderPage } from './render';

function token(claims: object): string {
  const part = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.signature`;
}

afterEach(() => {
  endSession();
  takeEndedMessage();
  vi.unstubAllGlobals();
});

describe('sign-in', () => {
  it('refuses an id that is not digits without calling the server', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    renderPage(<SignIn />);
    await userEvent.clear(screen.getByLabelText(/^Id/));
    await userEvent.type(screen.getByLabelText(/^Id/), 'abc');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByLabelText(/^Id/)).toHaveAccessibleDescription('The id is digits, such as 1.');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('keeps the minted token in session storage, never in the URL', async () => {
    const minted = token({ sub: '7', roles: ['MERCHANT'], exp: Math.floor(Date.now() / 1000) + 3600 });
    const fetch = vi.fn().mockResolvedValue(new Response(JSON.stringify({ token: minted, expiresAt: '2030-01-01T00:00:00Z' }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    renderPage(<SignIn />);
    await userEvent.selectOptions(screen.getByLabelText('Role'), 'MERCHANT');
    await userEvent.clear(screen.getByLabelText(/^Id/));
    await userEvent.type(screen.getByLabelText(/^Id/), '7');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(getSession()?.sub).toBe('7'));
    expect(JSON.parse(fetch.mock.calls[0][1].body)).toEqual({ roles: ['MERCHANT'], sub: '7' });
    expect(sessionStorage.getItem('promo.console.token')).toBe(minted);
    expect(window.location.href).not.toContain(minted);
  });

  it('says so when development sign-in is switched off', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response(JSON.stringify({ status: 404, code: 'NOT_FOUND' }), { status: 404 })));
    renderPage(<SignIn />);
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(/switched off on this server: paste a token/)).toBeInTheDocument();
  });

  it('refuses a pasted token that has expired, and shows why the last session ended', async () => {
    endSession('Your session has expired: sign in again.');
    renderPage(<SignIn />);
    expect(screen.getByRole('status')).toHaveTextContent('Your session has expired');
    await userEvent.type(screen.getByLabelText('Bearer token'), token({ sub: '1', roles: ['OPS'], exp: 1000 }));
    await userEvent.click(screen.getByRole('button', { name: 'Use this token' }));
    expect(screen.getByLabelText('Bearer token')).toHaveAccessibleDescription('This token has expired.');
    expect(getSession()).toBeNull();
  });

  it('ends a session whose token expired while stored', () => {
    sessionStorage.setItem('promo.console.token', token({ sub: '1', roles: ['OPS'], exp: Math.floor(Date.now() / 1000) - 1 }));
    expect(getSession()).toBeNull();
    expect(takeEndedMessage()).toMatch(/expired/);
  });
});

describe('the small forms', () => {
  it('needs a snapshot path and time for a batch', () => {
    expect(validateBatch({ snapshotPath: '', snapshotTime: '' })).toEqual({
      snapshotPath: 'Enter the snapshot file\u2019s path on the server.',
      snapshotTime: 'Enter the snapshot\u2019s date and time.',
    });
    expect(validateBatch({ snapshotPath: '/data/fans.csv.gz', snapshotTime: '2030-01-01T00:00' })).toEqual({});
  });

  it('needs listing ids of digits to bind', () => {
    expect(validateBinding({ listingIds: '' })).toHaveProperty('listingIds');
    expect(validateBinding({ listingIds: '12, x' })).toHaveProperty('listingIds');
    expect(validateBinding({ listingIds: '12, 13' })).toEqual({});
  });

  it('computes rows per second from the batch counters', () => {
    expect(rowsPerSecond({ rowsRead: 5000, startedAt: '2030-01-01T00:00:00Z', finishedAt: '2030-01-01T00:00:10Z' })).toBe(500);
    expect(rowsPerSecond({ rowsRead: 10, rowsPerSecond: 42 })).toBe(42);
    expect(rowsPerSecond({ status: 'RUNNING' })).toBeNull();
  });
});
