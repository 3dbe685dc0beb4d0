// Builds the Dockerfile without Docker: one folder per stage, COPY and RUN for real, the image's paths moved into it.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { isIgnored, type IgnoreRule } from './dockerignore.js';
import type { DockerfileModel, DockerInstruction, DockerStage } from './dockerfile-model.js';

const exec = promisify(execFile);
/** Absolute paths of the image a RUN may touch; anything else would reach this machine's own files. */
export const IMAGE_PATHS = ['/app', '/models', '/usr/local/bin'];
const IMAGE_PATH = new RegExp(`(?<![\\w.-])(${IMAGE_PATHS.map((p) => p.replace(/\//g, '\\/')).join('|')})(?=[/\\s'"]|$)`, 'g');
const ANY_ABSOLUTE_PATH = /(?<![\w.$}-])\/[\w./-]*/g;

export interface RunOverride {
  /** Matches a whole RUN command. */
  match: RegExp;
  /** Does instead what the command would do, in the stage's working directory. */
  apply(cwd: string): void;
  why: string;
}

export interface BuildOptions {
  context: string;
  ignore: IgnoreRule[];
  /** Empty folder that receives one folder per stage. */
  out: string;
  overrides?: RunOverride[];
}

export interface BuiltImage {
  /** The final stage's folder: `/app` of the image is `${root}/app`. */
  root: string;
  workdir: string;
  env: Record<string, string>;
  user: string | undefined;
  entrypoint: string[];
  cmd: string[];
  /** Every RUN executed, with the stage and what ran instead when an override applied. */
  ran: { stage: string; command: string; override?: string }[];
}

/**
 * Each stage is a folder; COPY copies from the context (minus .dockerignore) or another stage, and every RUN
 * runs for real in `sh`, with the image's absolute paths (/app, /models, /usr/local/bin) moved into the
 * stage's folder. Stages run in parallel, as BuildKit does.
 */
export async function buildWithoutDocker(model: DockerfileModel, opts: BuildOptions): Promise<BuiltImage> {
  const ran: BuiltImage['ran'] = [];
  const running = new Map<string, Promise<StageState>>();
  const byName = new Map(model.stages.map((s) => [s.name, s]));
  const start = (stage: DockerStage): Promise<StageState> => {
    if (!running.has(stage.name)) running.set(stage.name, runStage(stage));
    return running.get(stage.name)!;
  };
  async function runStage(stage: DockerStage): Promise<StageState> {
    if (byName.has(stage.base)) throw new Error(`FROM ${stage.base}: building on an earlier stage is not emulated`);
    const state: StageState = { root: join(opts.out, stage.name), workdir: '/', env: {}, entrypoint: [], cmd: [], user: undefined };
    mkdirSync(join(state.root, 'usr/local/bin'), { recursive: true }); // as in every node image
    for (const ins of stage.instructions) {
      const from = ins.flags.from;
      const source = from === undefined ? undefined : byName.get(from);
      if (from !== undefined && !source) throw new Error(`line ${ins.line}: COPY --from=${from} names no stage`);
      await apply(ins, state, source && (await start(source)));
      if (ins.keyword === 'RUN') ran.push({ stage: stage.name, command: ins.text, override: state.lastOverride });
    }
    return state;
  }
  async function apply(ins: DockerInstruction, s: StageState, from: StageState | undefined): Promise<void> {
    s.lastOverride = undefined;
    switch (ins.keyword) {
      case 'WORKDIR':
        s.workdir = ins.args[0]!;
        mkdirSync(join(s.root, s.workdir), { recursive: true });
        return;
      case 'ENV':
      case 'ARG':
        for (const a of ins.args) if (a.includes('=')) s.env[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
        return;
      case 'COPY':
        return copy(ins, s, from);
      case 'RUN':
        return run(ins, s);
      case 'USER':
        s.user = ins.args[0];
        return;
      case 'ENTRYPOINT':
      case 'CMD':
        if (!ins.json) throw new Error(`line ${ins.line}: ${ins.keyword} in shell form is not emulated`);
        if (ins.keyword === 'ENTRYPOINT') s.entrypoint = ins.json;
        else s.cmd = ins.json;
        return;
      case 'EXPOSE':
      case 'LABEL':
        return;
      default:
        throw new Error(`line ${ins.line}: ${ins.keyword} is not emulated`);
    }
  }
  async function copy(ins: DockerInstruction, s: StageState, from: StageState | undefined): Promise<void> {
    const sources = ins.args.slice(0, -1);
    const target = ins.args.at(-1)!;
    const dest = join(s.root, target.startsWith('/') ? target : join(s.workdir, target));
    const intoDir = target.endsWith('/') || sources.length > 1;
    for (const src of sources) {
      const path = from ? join(from.root, src) : join(opts.context, src);
      const contextPath = relative(opts.context, path);
      if (!from && isIgnored(opts.ignore, contextPath)) throw new Error(`line ${ins.line}: COPY ${src}: excluded by .dockerignore`);
      if (!existsSync(path)) throw new Error(`line ${ins.line}: COPY ${src}: not found`);
      const filter = from ? undefined : (p: string) => !isIgnored(opts.ignore, relative(opts.context, p));
      if (from && statSync(path).isDirectory()) {
        // Between stages, hard links: the same files as a copy (node_modules is 600 MB) in a second, not ten.
        mkdirSync(dest, { recursive: true });
        await exec('cp', ['-a', '--link', `${path}/.`, dest]);
      } else if (statSync(path).isDirectory()) cpSync(path, dest, { recursive: true, filter, verbatimSymlinks: true });
      else cpSync(path, intoDir ? join(dest, basename(src)) : dest, { filter });
    }
  }
  async function run(ins: DockerInstruction, s: StageState): Promise<void> {
    const cwd = join(s.root, s.workdir);
    const override = opts.overrides?.find((o) => o.match.test(ins.text));
    if (override) {
      override.apply(cwd);
      s.lastOverride = override.why;
      return;
    }
    const outside = (ins.text.match(ANY_ABSOLUTE_PATH) ?? []).filter((p) => p !== '/dev/null' && !IMAGE_PATHS.some((i) => p === i || p.startsWith(i + '/')));
    if (outside.length) throw new Error(`line ${ins.line}: RUN touches ${outside.join(', ')}, outside the emulated ${IMAGE_PATHS.join(', ')}`);
    const command = ins.text.replace(IMAGE_PATH, (p) => join(s.root, p));
    const env = { ...process.env, ...s.env, PATH: `${join(s.root, 'usr/local/bin')}:${process.env.PATH}` };
    try {
      await exec('sh', ['-c', command], { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`line ${ins.line}: RUN ${ins.text}\n${e.stderr || e.stdout || e.message}`);
    }
  }

  await Promise.all(model.stages.map(start));
  const final = await start(model.final);
  return { root: final.root, workdir: final.workdir, env: final.env, user: final.user, entrypoint: final.entrypoint, cmd: final.cmd, ran };
}

interface StageState {
  root: string;
  workdir: string;
  env: Record<string, string>;
  entrypoint: string[];
  cmd: string[];
  user: string | undefined;
  lastOverride?: string;
}

/** The build stage's `npm ci` with dev dependencies: the checkout's node_modules, which `npm ci` made in CI. */
export function checkoutNodeModules(checkout: string): RunOverride {
  return {
    match: /^npm ci(?![^&;|]*--omit=dev)[^&;|]*$/,
    apply: (cwd) => symlinkSync(join(checkout, 'node_modules'), join(cwd, 'node_modules'), 'dir'),
    why: "the checkout's node_modules (what `npm ci` with dev dependencies made)",
  };
}
