// Axes drawn from d3 scales: domain line, ticks from scale.ticks(), tick labels, gridlines and an axis title.
import type { ScaleBand, ScaleLinear } from 'd3-scale';
import { element, text, translate, type Attributes } from './svg.js';

const TICK = 5;
const FONT = 11;
const INK = '#444444';

export interface LinearAxisOptions {
  /** y of a bottom axis, x of a left axis. */
  at: number;
  /** Approximate tick count passed to scale.ticks(). @default 5 */
  ticks?: number;
  format: (value: number) => string;
  /** Axis title, with its unit. */
  label: string;
  /** Length of gridlines drawn across the plot (0 = none). @default 0 */
  grid?: number;
}

/** A bottom or left axis for a linear scale. */
export function renderLinearAxis(scale: ScaleLinear<number, number>, orient: 'bottom' | 'left', options: LinearAxisOptions): string {
  const [r0, r1] = scale.range();
  const bottom = orient === 'bottom';
  const grid = options.grid ?? 0;
  const parts = scale.ticks(options.ticks ?? 5).flatMap((value) => {
    const p = scale(value);
    return [
      grid > 0 ? drawLine(bottom ? { x1: p, x2: p, y1: options.at, y2: options.at - grid } : { x1: options.at, x2: options.at + grid, y1: p, y2: p }, '#e3e3e3') : '',
      drawLine(bottom ? { x1: p, x2: p, y1: options.at, y2: options.at + TICK } : { x1: options.at - TICK, x2: options.at, y1: p, y2: p }),
      writeLabel(
        bottom ? { x: p, y: options.at + TICK + FONT + 1, 'text-anchor': 'middle' } : { x: options.at - TICK - 3, y: p, dy: '0.32em', 'text-anchor': 'end' },
        options.format(value),
      ),
    ];
  });
  parts.push(drawLine(bottom ? { x1: r0, x2: r1, y1: options.at, y2: options.at } : { x1: options.at, x2: options.at, y1: r0, y2: r1 }));
  const middle = (r0 + r1) / 2;
  parts.push(
    bottom
      ? writeLabel({ class: 'axis-label', x: middle, y: options.at + TICK + FONT * 2 + 10, 'text-anchor': 'middle', 'font-size': 12 }, options.label)
      : writeLabel({ class: 'axis-label', transform: `${translate(options.at - 52, middle)} rotate(-90)`, 'text-anchor': 'middle', 'font-size': 12 }, options.label),
  );
  return element('g', { class: `axis axis-${orient}`, 'font-size': FONT }, parts);
}

export interface BandAxisOptions {
  at: number;
  label: string;
  labelOf: (key: string) => string;
}

/** A bottom axis for a band scale: one labelled tick per band. */
export function renderBandAxis(scale: ScaleBand<string>, options: BandAxisOptions): string {
  const [r0, r1] = scale.range();
  const parts = scale.domain().flatMap((key) => {
    const p = (scale(key) ?? 0) + scale.bandwidth() / 2;
    return [drawLine({ x1: p, x2: p, y1: options.at, y2: options.at + TICK }), writeLabel({ x: p, y: options.at + TICK + FONT + 1, 'text-anchor': 'middle' }, options.labelOf(key))];
  });
  parts.push(drawLine({ x1: r0, x2: r1, y1: options.at, y2: options.at }));
  parts.push(writeLabel({ class: 'axis-label', x: (r0 + r1) / 2, y: options.at + TICK + FONT * 2 + 10, 'text-anchor': 'middle', 'font-size': 12 }, options.label));
  return element('g', { class: 'axis axis-bottom', 'font-size': FONT }, parts);
}

function drawLine(attributes: Attributes, stroke = INK): string {
  return element('line', { ...attributes, stroke });
}

function writeLabel(attributes: Attributes, content: string): string {
  return element('text', { ...attributes, fill: '#222222' }, text(content));
}
