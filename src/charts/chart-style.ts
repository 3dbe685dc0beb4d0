// Colours, markers and patterns that keep risk levels and clusters apart in colour and in grey scale.
import { symbol, symbolCircle, symbolCross, symbolDiamond, symbolSquare, symbolStar, symbolTriangle, symbolWye, type SymbolType } from 'd3-shape';
import { scaleLinear } from 'd3-scale';
import { RISK_LEVELS, type RiskLevel } from '../model/feature-vector.js';
import { element } from './svg.js';

/** Display order of the levels, most severe first. */
export const LEVEL_ORDER: readonly RiskLevel[] = RISK_LEVELS;

export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross' | 'star' | 'wye';
export type FillPattern = 'hatch' | 'dots' | 'solid';

export interface LevelStyle {
  /** Lightness-ordered: high is darkest, low lightest, so grey-scale prints keep the order. */
  fill: string;
  stroke: string;
  marker: MarkerShape;
  pattern: FillPattern;
}

export const LEVEL_STYLES: Readonly<Record<RiskLevel, LevelStyle>> = Object.freeze({
  high: { fill: '#8c1c13', stroke: '#3b0a06', marker: 'triangle', pattern: 'hatch' },
  moderate: { fill: '#e6871a', stroke: '#6b3c05', marker: 'square', pattern: 'dots' },
  low: { fill: '#9ecae1', stroke: '#2b5d7d', marker: 'circle', pattern: 'solid' },
});

export interface SeriesStyle {
  stroke: string;
  dash: string | undefined;
  marker: MarkerShape;
}

/**
 * Viridis from 0 to 0.75: perceptually uniform and monotonic in lightness, so clusters stay
 * apart in grey; its light yellow end is left out because it vanishes on white paper.
 */
const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779'];
const DASHES = [undefined, '8 4', '3 3', '10 3 2 3', '1 3', '12 2', '6 2 1 2', '4 6'];
const SERIES_MARKERS: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond', 'cross', 'star', 'wye', 'circle'];

/** Style of series i of `count`: colours spread over the whole viridis range, plus a dash and a marker. */
export function styleSeries(i: number, count: number): SeriesStyle {
  const slot = count <= 1 ? 0 : Math.round((i * (VIRIDIS.length - 1)) / Math.max(count - 1, 1)) % VIRIDIS.length;
  return { stroke: VIRIDIS[slot], dash: DASHES[i % DASHES.length], marker: SERIES_MARKERS[i % SERIES_MARKERS.length] };
}

const SYMBOLS: Record<MarkerShape, SymbolType> = {
  circle: symbolCircle,
  square: symbolSquare,
  triangle: symbolTriangle,
  diamond: symbolDiamond,
  cross: symbolCross,
  star: symbolStar,
  wye: symbolWye,
};

/** Path data of a marker centred on the origin, `area` in square pixels (d3-shape symbol). */
export function drawMarker(shape: MarkerShape, area: number): string {
  return symbol(SYMBOLS[shape], area).digits(2)() ?? '';
}

/** Id of the fill pattern of a level under a chart's id prefix. */
export function patternId(idPrefix: string, level: RiskLevel): string {
  return `${idPrefix}-pattern-${level}`;
}

/**
 * <pattern>s for bar fills: the level colour overlaid with white hatching (high) or dots
 * (moderate); low is plain. Texture survives grey-scale printing where hue does not.
 */
export function renderLevelPatterns(idPrefix: string): string {
  return LEVEL_ORDER.map((level) => {
    const style = LEVEL_STYLES[level];
    const tile = 8;
    const overlay =
      style.pattern === 'hatch'
        ? element('path', { d: `M0,0L0,${tile}`, stroke: '#ffffff', 'stroke-width': 2.5 })
        : style.pattern === 'dots'
          ? element('circle', { cx: tile / 2, cy: tile / 2, r: 1.6, fill: '#ffffff' })
          : '';
    return element(
      'pattern',
      { id: patternId(idPrefix, level), width: tile, height: tile, patternUnits: 'userSpaceOnUse', patternTransform: style.pattern === 'hatch' ? 'rotate(45)' : undefined },
      [element('rect', { width: tile, height: tile, fill: style.fill }), overlay],
    );
  }).join('');
}

const SEVERITY_RAMP = scaleLinear<string>().domain([0, 50, 100]).range(['#c6dbef', '#e6871a', '#67000d']);

/** ASI colour: light (harmless) to dark (severe), so severity also reads in grey scale. */
export function colourSeverity(asi: number): string {
  return SEVERITY_RAMP(asi);
}
