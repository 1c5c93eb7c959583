// Times travel as UTC instants; people see and type them in the browser's own zone.

/** A datetime-local input's value (read in the browser's zone) as a UTC instant, or null. */
export function toInstant(local: string): string | null {
  if (!local) return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace('.000Z', 'Z');
}

/** A UTC instant as a datetime-local input's value in the browser's zone. */
export function toLocalInput(instant: string | null | undefined): string {
  if (!instant) return '';
  const date = new Date(instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  const seconds = date.getSeconds() > 0 ? `:${pad(date.getSeconds())}` : '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}${seconds}`;
}

export function formatTime(instant: string | null | undefined): string {
  return instant ? new Date(instant).toLocaleString() : '';
}
