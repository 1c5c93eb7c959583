import { formatMoney } from './money';
import { formatTime } from './time';

export const moneyRange = (low: number | undefined, high: number | undefined) => `${formatMoney(low)} – ${formatMoney(high)}`;

export const timeRange = (from: string | undefined, until: string | undefined) => `${formatTime(from)} – ${formatTime(until)}`;
