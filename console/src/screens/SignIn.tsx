import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, type FieldErrors, type Problem } from '../api/problem';
import { decodeToken, startSession, takeEndedMessage } from '../api/session';
import { FormMessage, Input, Select, useForm } from '../components/form';
import { SIGN_IN_ROLES, validateDevSignIn } from '../forms/small';

/** POST /console/sign-in/dev: the gateway mints a development token (only where it is switched on). */
async function devSignIn(role: string, sub: string): Promise<string> {
  const response = await fetch('/console/sign-in/dev', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ roles: [role], sub }),
  });
  const body = (await response.json().catch(() => null)) as { token?: string } | Problem | null;
  if (!response.ok) {
    if (response.status === 404) {
      throw new ApiError({ status: 404, code: 'NOT_FOUND', detail: 'Development sign-in is switched off on this server: paste a token instead' });
    }
    throw new ApiError(body && 'status' in body ? body : { status: response.status, title: response.statusText });
  }
  return (body as { token: string }).token;
}

export function SignIn() {
  const [notice] = useState(takeEndedMessage);
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from;
  const enter = (token: string) => {
    const session = decodeToken(token);
    if (!session) throw new ApiError({ status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'token', message: 'This is not a JWT with sub, roles and exp.' }] });
    if (session.expiresAt <= Date.now()) throw new ApiError({ status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'token', message: 'This token has expired.' }] });
    startSession(session);
    // back to where the last session ended, if that page is one of this person's roles
    const area = from?.split('/')[1]?.toUpperCase();
    navigate(from && (area === 'OPS' || area === 'MERCHANT') && session.roles.includes(area) ? from : '/', { replace: true });
  };
  const dev = useForm({ role: 'OPS', sub: '1' }, validateDevSignIn, ['role', 'sub', 'roles']);
  const paste = useForm({ token: '' }, (values): FieldErrors => (values.token.trim() ? {} : { token: 'Paste a token.' }), ['token']);
  return (
    <div className="sign-in">
      <h1>Sign in to the promo console</h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <section>
        <h2>Development sign-in</h2>
        <form onSubmit={dev.submit(async (values) => enter(await devSignIn(values.role, values.sub.trim())))} noValidate>
          <Select label="Role" name="role" form={dev} options={SIGN_IN_ROLES} />
          <Input label="Id (merchant or user id)" name="sub" form={dev} inputMode="numeric" />
          <FormMessage text={dev.general} />
          <button type="submit" disabled={dev.busy}>
            Sign in
          </button>
        </form>
      </section>
      <section>
        <h2>Paste a token</h2>
        <p>From your organisation&rsquo;s identity provider (OIDC), or <code>./promo token --role OPS --sub 1</code>.</p>
        <form onSubmit={paste.submit(async (values) => enter(values.token))} noValidate>
          <Input label="Bearer token" name="token" form={paste} type="password" />
          <FormMessage text={paste.general} />
          <button type="submit">Use this token</button>
        </form>
      </section>
    </div>
  );
}
