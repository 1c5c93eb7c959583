// The signed-in person's token. It lives in sessionStorage (gone with the tab) and in memory,
// never in a URL. An expired or refused token ends the session with a message for the sign-in page.
export type Role = 'OPS' | 'MERCHANT' | 'CONSUMER';

export interface Session {
  token: string;
  sub: string;
  roles: string[];
  expiresAt: number; // epoch milliseconds
}

const KEY = 'promo.console.token';
let current: Session | null = null;
let endedMessage: string | null = null;
const listeners = new Set<() => void>();

/** Reads sub, roles and exp from a JWT's payload; the servers verify the signature. */
export function decodeToken(token: string): Session | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { sub?: unknown; roles?: unknown; exp?: unknown };
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || !Array.isArray(claims.roles)) return null;
    return { token: token.trim(), sub: claims.sub, roles: claims.roles.map(String), expiresAt: claims.exp * 1000 };
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  if (current === null) {
    const stored = sessionStorage.getItem(KEY);
    current = stored ? decodeToken(stored) : null;
  }
  if (current && current.expiresAt <= Date.now()) {
    // Read during rendering: clear without notifying; the sign-in page shows the message.
    current = null;
    endedMessage = 'Your session has expired: sign in again.';
    sessionStorage.removeItem(KEY);
  }
  return current;
}

export function startSession(session: Session): void {
  current = session;
  endedMessage = null;
  sessionStorage.setItem(KEY, session.token);
  notify();
}

export function endSession(message?: string): void {
  current = null;
  endedMessage = message ?? null;
  sessionStorage.removeItem(KEY);
  notify();
}

/** The reason the last session ended, read once by the sign-in page. */
export function takeEndedMessage(): string | null {
  const message = endedMessage;
  endedMessage = null;
  return message;
}

export function peekEndedMessage(): string | null {
  return endedMessage;
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(): void {
  listeners.forEach((listener) => listener());
}
