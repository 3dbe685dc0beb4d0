// Locale-stable number formatting for chart labels (no Intl: the same bytes on every machine).
import type { ChartLang } from '../cluster/chart-data.js';

/** Spanish writes 12.345,6 and "5,1 %"; English 12,345.6 and "5.1%". */
export function formatNumber(value: number, lang: ChartLang, decimals = 0): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = fixed.split('.');
  const group = lang === 'es' ? '.' : ',';
  // Spanish style leaves four-digit numbers ungrouped (RAE/FundéuRAE: 1234, 12.345).
  const grouped = lang === 'es' && whole.length <= 4 ? whole : whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return sign + grouped + (fraction ? (lang === 'es' ? ',' : '.') + fraction : '');
}

export function formatPercent(share: number, lang: ChartLang, decimals = 1): string {
  const number = formatNumber(share * 100, lang, decimals);
  return lang === 'es' ? `${number} %` : `${number}%`;
}

/** Decimals that tell ticks `step` apart (0.25 -> 2, 5 -> 0). */
export function countStepDecimals(step: number): number {
  if (!(step > 0)) return 0;
  for (let decimals = 0; decimals < 10; decimals++) {
    if (Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) < 1e-9) return decimals;
  }
  return 10;
}

/** A tick formatter for evenly spaced ticks. */
export function createTickFormat(ticks: readonly number[], lang: ChartLang): (value: number) => string {
  const decimals = ticks.length > 1 ? countStepDecimals(Math.abs(ticks[1] - ticks[0])) : 0;
  return (value) => formatNumber(value, lang, decimals);
}
