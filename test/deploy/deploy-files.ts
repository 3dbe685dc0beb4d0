// Reads the deployment files (k8s manifests and kustomizations, Dockerfile, crontab, docs) the deploy tests check.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { PACKAGE_ROOT } from '../../src/paths.js';

export const K8S_DIR = join(PACKAGE_ROOT, 'k8s');
export const DOCKERFILE = join(PACKAGE_ROOT, 'Dockerfile');
export const DOCKERIGNORE = join(PACKAGE_ROOT, '.dockerignore');
export const CRONTAB = join(PACKAGE_ROOT, 'deploy', 'crontab');
/** Documents whose shell code blocks may name aura-miner commands. */
export const DOCS = [join(PACKAGE_ROOT, 'README.md'), join(PACKAGE_ROOT, 'deploy', 'README-deploy.md')];

export type YamlObject = Record<string, any>;

export interface YamlFile {
  /** Path relative to the package root, e.g. `k8s/etl-cronjob.yaml`. */
  path: string;
  absolute: string;
  documents: YamlObject[];
}

export const rel = (absolute: string): string => relative(PACKAGE_ROOT, absolute);

/** Every *.yaml / *.yml under k8s/, parsed strictly (a YAML error or warning throws, naming the file). */
export function readK8sYaml(dir = K8S_DIR): YamlFile[] {
  const files: YamlFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const absolute = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...readK8sYaml(absolute));
    else if (/\.ya?ml$/.test(entry.name)) files.push({ path: rel(absolute), absolute, documents: parseYaml(absolute) });
  }
  return files;
}

function parseYaml(absolute: string): YamlObject[] {
  const docs = parseAllDocuments(readFileSync(absolute, 'utf8'), { prettyErrors: true, uniqueKeys: true });
  const out: YamlObject[] = [];
  for (const doc of docs) {
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length) throw new Error(`${rel(absolute)}: ${problems.map((p) => p.message).join('; ')}`);
    const value: unknown = doc.toJS();
    if (value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${rel(absolute)}: a document is not a mapping`);
    out.push(value as YamlObject);
  }
  return out;
}

export const isKustomization = (f: YamlFile): boolean => /(^|\/)kustomization\.ya?ml$/.test(f.path);
/** Example files (secret.example.yaml) show a shape; no kustomization may apply them. */
export const isExample = (f: YamlFile): boolean => /\.example\.ya?ml$/.test(f.path);

/** Kubernetes objects: every document of every manifest file (kustomizations excluded), examples included. */
export function readManifests(): { file: YamlFile; doc: YamlObject }[] {
  return readK8sYaml()
    .filter((f) => !isKustomization(f))
    .flatMap((file) => file.documents.map((doc) => ({ file, doc })));
}

/** Fenced code blocks in shell-like languages (or none) of a Markdown text. */
export function shellCodeBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  const fence = /^(```|~~~)[ \t]*([\w-]*)[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm;
  for (const m of markdown.matchAll(fence)) {
    if (['', 'sh', 'bash', 'shell', 'console', 'crontab', 'cron', 'text'].includes(m[2]!.toLowerCase())) blocks.push(m[3]!);
  }
  return blocks;
}
