// Chart wording in Spanish (default) and English: titles, axis labels with units, level and KPI names.
import type { RiskLevel } from '../model/feature-vector.js';
import type { ChartLang } from '../cluster/chart-data.js';
import { kpiLabels } from '../model/kpi-columns.js';

export interface ChartLabels {
  level: Record<RiskLevel, string>;
  /** By KPI column: the registry's labels (kpis.ts). */
  kpi: Readonly<Record<string, string>>;
  users: string;
  scatterTitle: string;
  scatterAxis: (component: number, varianceShare: string) => string;
  scatterNote: (drawn: string, total: string) => string;
  distributionTitle: string;
  distributionAxisX: string;
  distributionAxisY: string;
  radarTitle: string;
  radarScale: string;
  cluster: (index: number, size: string) => string;
  worstProfile: string;
  histogramTitle: string;
  histogramAxisX: string;
  histogramAxisY: string;
  severityTitle: string;
  severityAxisX: string;
  dashboardTitle: string;
}

const SPANISH: ChartLabels = {
  level: { high: 'Alto riesgo', moderate: 'Riesgo moderado', low: 'Bajo riesgo' },
  kpi: kpiLabels('es'),
  users: 'Usuarios',
  scatterTitle: 'Usuarios en el plano PCA por nivel de riesgo',
  scatterAxis: (c, share) => `Componente principal ${c} (${share} de la varianza)`,
  scatterNote: (drawn, total) => `${drawn} de ${total} usuarios dibujados`,
  distributionTitle: 'Usuarios por nivel de riesgo',
  distributionAxisX: 'Nivel de riesgo',
  distributionAxisY: 'Usuarios (n.º)',
  radarTitle: 'Perfil medio de KPI por clúster K-Means',
  radarScale: 'Valor normalizado (0-1)',
  cluster: (i, size) => `Clúster ${i} (n = ${size})`,
  worstProfile: 'peor perfil',
  histogramTitle: 'Índice de Severidad de Anomalía (ASI)',
  histogramAxisX: 'ASI (puntos, 0-100)',
  histogramAxisY: 'Usuarios (n.º)',
  severityTitle: 'Severidad: amplitud y fuerza del riesgo',
  severityAxisX: 'Severidad (puntos, 0-100)',
  dashboardTitle: 'AURA: riesgo psicoemocional',
};

const ENGLISH: ChartLabels = {
  level: { high: 'High risk', moderate: 'Moderate risk', low: 'Low risk' },
  kpi: kpiLabels('en'),
  users: 'Users',
  scatterTitle: 'Users on the PCA plane by risk level',
  scatterAxis: (c, share) => `Principal component ${c} (${share} of variance)`,
  scatterNote: (drawn, total) => `${drawn} of ${total} users drawn`,
  distributionTitle: 'Users per risk level',
  distributionAxisX: 'Risk level',
  distributionAxisY: 'Users (count)',
  radarTitle: 'Mean KPI profile per K-Means cluster',
  radarScale: 'Normalised value (0-1)',
  cluster: (i, size) => `Cluster ${i} (n = ${size})`,
  worstProfile: 'worst profile',
  histogramTitle: 'Anomaly Severity Index (ASI)',
  histogramAxisX: 'ASI (points, 0-100)',
  histogramAxisY: 'Users (count)',
  severityTitle: 'Severity: how broadly and strongly at risk',
  severityAxisX: 'Severity (points, 0-100)',
  dashboardTitle: 'AURA: psycho-emotional risk',
};

export function selectChartLabels(lang: ChartLang = 'es'): ChartLabels {
  return lang === 'en' ? ENGLISH : SPANISH;
}

/** Display name of a KPI column; unknown columns show as they are. */
export function nameKpi(labels: ChartLabels, column: string): string {
  return labels.kpi[column] ?? column;
}
