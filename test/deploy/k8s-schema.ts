// Validates a Kubernetes object against the OpenAPI schema of its kind (kubernetes-models, offline), unknown fields included.
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';

/** The kinds the manifests may use, by `apiVersion/kind`; each model class carries its compiled schema. */
const MODELS: Record<string, { prototype: { validate(): void } }> = Object.fromEntries(
  [CronJob, Job, Deployment, NetworkPolicy, PodDisruptionBudget, ConfigMap, Namespace, Secret, Service].map((m) => [`${m.apiVersion}/${m.kind}`, m]),
);

export const KNOWN_KINDS = Object.keys(MODELS).sort();

/**
 * Problems of one object: schema violations (types, enums, required fields) and fields the schema does
 * not define. The schemas are compiled validators that ignore unknown fields (the API server prunes them
 * silently), so the object is wrapped in proxies that record which fields the validator reads: a field it
 * never reads, in an object whose keys it never enumerates (maps such as labels), is unknown to the schema.
 */
export function validateObject(doc: Record<string, unknown>): string[] {
  const model = MODELS[`${doc.apiVersion}/${doc.kind}`];
  if (!model) return [`no schema for ${doc.apiVersion}/${doc.kind} (known: ${KNOWN_KINDS.join(', ')})`];
  const visits: Visit[] = [];
  const problems: string[] = [];
  try {
    model.prototype.validate.call(track(doc, '', visits));
  } catch (err) {
    problems.push((err as Error).message);
  }
  for (const v of visits) {
    if (v.isArray || v.enumerated) continue;
    for (const key of v.keys) if (!v.read.has(key)) problems.push(`${v.path}/${key}: not a field of ${doc.kind} (typo, or another API version?)`);
  }
  return problems;
}

interface Visit {
  path: string;
  keys: string[];
  read: Set<string>;
  enumerated: boolean;
  isArray: boolean;
}

function track(value: unknown, path: string, visits: Visit[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  const visit: Visit = { path, keys: Object.keys(value), read: new Set(), enumerated: false, isArray: Array.isArray(value) };
  visits.push(visit);
  const children = new Map<string, unknown>();
  return new Proxy(value, {
    get(target, key, receiver) {
      const child: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string') return child;
      visit.read.add(key);
      if (child === null || typeof child !== 'object') return child;
      if (!children.has(key)) children.set(key, track(child, `${path}/${key}`, visits));
      return children.get(key);
    },
    ownKeys(target) {
      visit.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}
