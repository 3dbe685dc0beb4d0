// EnsembleModel <-> plain JSON, for persisting a fitted model and scoring single vectors later (`watch`).
import { ConfigError } from '../errors.js';
import type { EnsembleModel } from './ensemble-model.js';
import { ENSEMBLE_MODEL_VERSION } from './ensemble-model.js';
import type { ForestCalibration } from './forest-calibration.js';
import { parseIsolationForest, serializeIsolationForest, type IsolationForestJson } from './isolation-forest-json.js';
import type { RiskSignalModel } from './risk-signals.js';
import type { VoteRule } from './vote.js';

/**
 * Small arrays (centroids, the forest) are plain number arrays. DBSCAN's core points are
 * base64 of little-endian float64 (labels: int32): at 1M vectors about 900k cores x 6
 * values, which as JSON numbers would be ~110 MB of text against ~60 MB of base64.
 */
export interface EnsembleModelJson {
  version: number;
  kpiColumns: string[];
  d: number;
  seed: number;
  voteRule: VoteRule;
  kmeans: { k: number; centroids: number[]; worstCluster: number; maxDistance: number };
  dbscan: { eps: number; minPts: number; d: number; coreCount: number; coresFloat64Base64: string; coreLabelsInt32Base64: string };
  forest: IsolationForestJson;
  forestCalibration: ForestCalibration;
  riskSignals: RiskSignalModel;
}

export function serializeEnsembleModel(model: EnsembleModel): EnsembleModelJson {
  const { dbscan } = model;
  return {
    version: model.version,
    kpiColumns: [...model.kpiColumns],
    d: model.d,
    seed: model.seed,
    voteRule: model.voteRule,
    kmeans: { ...model.kmeans, centroids: Array.from(model.kmeans.centroids) },
    dbscan: {
      eps: dbscan.eps,
      minPts: dbscan.minPts,
      d: dbscan.d,
      coreCount: dbscan.coreCount,
      coresFloat64Base64: encodeLittleEndian(dbscan.cores),
      coreLabelsInt32Base64: encodeLittleEndian(dbscan.coreLabels),
    },
    forest: serializeIsolationForest(model.forest),
    forestCalibration: { ...model.forestCalibration },
    riskSignals: { ...model.riskSignals, fences: [...model.riskSignals.fences], spreads: [...model.riskSignals.spreads], normalSpreads: [...model.riskSignals.normalSpreads] },
  };
}

export function parseEnsembleModel(json: EnsembleModelJson): EnsembleModel {
  if (json.version !== ENSEMBLE_MODEL_VERSION) throw new OutdatedModelError(json.version);
  const { dbscan } = json;
  const cores = new Float64Array(decodeLittleEndian(dbscan.coresFloat64Base64, 8, (v, o) => v.getFloat64(o, true)));
  const coreLabels = new Int32Array(decodeLittleEndian(dbscan.coreLabelsInt32Base64, 4, (v, o) => v.getInt32(o, true)));
  if (cores.length !== dbscan.coreCount * dbscan.d || coreLabels.length !== dbscan.coreCount) {
    throw new RangeError('ensemble model JSON: DBSCAN core arrays do not match coreCount');
  }
  const rs = json.riskSignals;
  if (rs?.fences.length !== json.d || rs.spreads?.length !== json.d || rs.normalSpreads?.length !== json.d) throw new RangeError('ensemble model JSON: one risk fence, one spread and one normal spread per KPI expected');
  return {
    version: ENSEMBLE_MODEL_VERSION,
    kpiColumns: [...json.kpiColumns],
    d: json.d,
    seed: json.seed,
    voteRule: json.voteRule,
    kmeans: { ...json.kmeans, centroids: Float64Array.from(json.kmeans.centroids) },
    dbscan: { eps: dbscan.eps, minPts: dbscan.minPts, d: dbscan.d, coreCount: dbscan.coreCount, cores, coreLabels },
    forest: parseIsolationForest(json.forest),
    forestCalibration: { ...json.forestCalibration },
    riskSignals: { ...rs, fences: [...rs.fences], spreads: [...rs.spreads], normalSpreads: [...rs.normalSpreads] },
  };
}

/**
 * A model stored by an older aura-miner: it lacks what the current verdict needs (version 2: the
 * severity's spreads; 3: spreads measured on the normal half; 4: the near-fence part and its normal spreads, so
 * severities differ). Nothing can score
 * with it; the next `cluster` run stores a current one.
 */
export class OutdatedModelError extends ConfigError {
  constructor(readonly storedVersion: unknown) {
    super(`the stored risk model was written by an older aura-miner (model version ${String(storedVersion)}, this one reads ${ENSEMBLE_MODEL_VERSION}): run \`aura-miner cluster\` again to store a current one`);
  }
}

/** Explicit little-endian so a model written on one machine reads the same on any other. */
function encodeLittleEndian(values: Float64Array | Int32Array): string {
  const bytes = Buffer.alloc(values.length * values.BYTES_PER_ELEMENT);
  values.forEach((v, i) => (values instanceof Float64Array ? bytes.writeDoubleLE(v, i * 8) : bytes.writeInt32LE(v, i * 4)));
  return bytes.toString('base64');
}

function decodeLittleEndian(base64: string, width: number, read: (view: DataView, offset: number) => number): number[] {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % width !== 0) throw new RangeError('ensemble model JSON: truncated binary array');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return Array.from({ length: bytes.length / width }, (_, i) => read(view, i * width));
}
