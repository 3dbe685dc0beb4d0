// Walks Kubernetes objects: the pod template of a workload, its containers, the aura-miner image.
import type { YamlObject } from './deploy-files.js';

/** The image name every aura-miner container uses (the tag comes from the kustomization). */
export const IMAGE_NAME = 'aura-miner';

/** The pod spec of a Deployment, Job or CronJob; undefined for other kinds. */
export function podSpecOf(doc: YamlObject): YamlObject | undefined {
  switch (doc.kind) {
    case 'Deployment':
    case 'Job':
      return doc.spec?.template?.spec;
    case 'CronJob':
      return doc.spec?.jobTemplate?.spec?.template?.spec;
    default:
      return undefined;
  }
}

/** The Job spec of a Job or of a CronJob's template. */
export function jobSpecOf(doc: YamlObject): YamlObject | undefined {
  return doc.kind === 'Job' ? doc.spec : doc.kind === 'CronJob' ? doc.spec?.jobTemplate?.spec : undefined;
}

export interface ContainerRef {
  /** `initContainers[migrate]` or `containers[etl]`. */
  where: string;
  container: YamlObject;
}

export function containersOf(pod: YamlObject): ContainerRef[] {
  return (['initContainers', 'containers'] as const).flatMap((list) => ((pod[list] ?? []) as YamlObject[]).map((c) => ({ where: `${list}[${c.name}]`, container: c })));
}

/** `aura-miner:0.1.0` or `registry.example.org/team/aura-miner:0.1.0`: the image name without registry or tag. */
export function imageName(image: string): string {
  return image.replace(/@.*$/, '').replace(/:[\w.-]+$/, '').split('/').at(-1)!;
}

export const isAuraMiner = (c: YamlObject): boolean => typeof c.image === 'string' && imageName(c.image) === IMAGE_NAME;
