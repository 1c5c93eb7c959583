// The API carries money as an integer number of minor units (1888 = 18.88); people read and type
// major units. Both directions are exact: no floating-point arithmetic on amounts.
const MAJOR = /^\d{1,13}(\.\d{1,2})?$/;

export function formatMoney(minor: number | null | undefined): string {
  if (minor === null || minor === undefined) return '';
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The minor units of a major-unit text such as "18.88", or null when it is not an amount. */
export function parseMoney(text: string): number | null {
  const trimmed = text.trim();
  if (!MAJOR.test(trimmed)) return null;
  const [whole, fraction = ''] = trimmed.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}
