// A chart legend: one row per series, each a swatch (marker, patterned square or line) and a label.
import { element, text, translate } from './svg.js';

export interface LegendItem {
  label: string;
  /** Markup drawn in a 14 x 14 box whose top-left corner is the origin. */
  swatch: string;
}

const ROW = 18;

/** Rows stacked from (x, y), the top-left corner. */
export function renderLegend(items: readonly LegendItem[], x: number, y: number): string {
  return element(
    'g',
    { class: 'legend', transform: translate(x, y), 'font-size': 11 },
    items.map((item, i) =>
      element('g', { transform: translate(0, i * ROW) }, [item.swatch, element('text', { x: 20, y: 7, dy: '0.32em', fill: '#222222' }, text(item.label))]),
    ),
  );
}

