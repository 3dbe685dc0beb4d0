// The frame every chart shares: an accessible <svg> document with a visible title and a plot margin.
import type { ChartOptions } from '../cluster/chart-data.js';
import { element, renderSvgDocument, text } from './svg.js';

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface ChartFrame {
  width: number;
  height: number;
  margin: Margin;
  /** Plot area, inside the margins. */
  plot: { left: number; top: number; right: number; bottom: number; width: number; height: number };
}

export function layOutChart(options: ChartOptions, defaults: { width: number; height: number }, margin: Margin): ChartFrame {
  const width = options.width ?? defaults.width;
  const height = options.height ?? defaults.height;
  const plot = { left: margin.left, top: margin.top, right: width - margin.right, bottom: height - margin.bottom, width: width - margin.left - margin.right, height: height - margin.top - margin.bottom };
  return { width, height, margin, plot };
}

export interface ChartDocumentOptions {
  frame: ChartFrame;
  idPrefix: string;
  title: string;
  description: string;
  /** Second title line (e.g. totals or sampling note). */
  subtitle?: string;
  /** Position inside the dashboard. */
  x?: number;
  y?: number;
}

export function renderChartDocument(options: ChartDocumentOptions, body: readonly string[]): string {
  const { frame } = options;
  const heading = [
    element('text', { class: 'chart-title', x: frame.width / 2, y: 22, 'text-anchor': 'middle', 'font-size': 15, 'font-weight': 'bold', fill: '#111111' }, text(options.title)),
    options.subtitle
      ? element('text', { class: 'chart-subtitle', x: frame.width / 2, y: 39, 'text-anchor': 'middle', 'font-size': 11, fill: '#555555' }, text(options.subtitle))
      : '',
  ];
  return renderSvgDocument(
    { width: frame.width, height: frame.height, title: options.title, description: options.description, idPrefix: options.idPrefix, x: options.x, y: options.y },
    [...heading, ...body],
  );
}
