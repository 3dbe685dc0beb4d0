// The Dockerfile as stages of plain instructions (dockerfile-ast parses), with ARG defaults substituted.
import { DockerfileParser, type Instruction, type JSONInstruction, type ModifiableInstruction } from 'dockerfile-ast';

export interface DockerInstruction {
  keyword: string;
  /** 1-based line, for messages. */
  line: number;
  /** `--from=deps` gives `{ from: 'deps' }`. */
  flags: Record<string, string>;
  /** Words after the flags, ARG/ENV references substituted (FROM, COPY, WORKDIR, USER...). */
  args: string[];
  /** The text after the flags, continuations joined, as a shell would get it (RUN in shell form). */
  text: string;
  /** Exec form (`["aura-miner"]`), when written so. */
  json: string[] | undefined;
}

export interface DockerStage {
  name: string;
  /** Base image after substitution, or the name of an earlier stage. */
  base: string;
  instructions: DockerInstruction[];
}

export interface DockerfileModel {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string>;
  stages: DockerStage[];
  final: DockerStage;
}

export function parseDockerfile(text: string, buildArgs: Record<string, string> = {}): DockerfileModel {
  const df = DockerfileParser.parse(text);
  const globalArgs: Record<string, string> = {};
  for (const arg of df.getInitialARGs()) {
    const p = arg.getProperty();
    if (p) globalArgs[p.getName()] = buildArgs[p.getName()] ?? p.getValue() ?? '';
  }
  const stages: DockerStage[] = [];
  let vars: Record<string, string> = {};
  for (const ins of df.getInstructions()) {
    const keyword = ins.getKeyword();
    if (keyword === 'FROM') {
      vars = {};
      const [image = '', as, name] = ins.getArguments().map((a) => substitute(a.getValue(), globalArgs));
      stages.push({ name: as?.toUpperCase() === 'AS' && name ? name : String(stages.length), base: image, instructions: [] });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) continue; // global ARGs
    const parsed = toInstruction(ins, vars);
    if (keyword === 'ARG' || keyword === 'ENV') {
      for (const [k, v] of Object.entries(assignments(parsed.args))) vars[k] = keyword === 'ARG' ? (buildArgs[k] ?? (v || globalArgs[k]) ?? '') : v;
    }
    stage.instructions.push(parsed);
  }
  if (!stages.length) throw new Error('the Dockerfile has no FROM');
  return { globalArgs, stages, final: stages[stages.length - 1]! };
}

function toInstruction(ins: Instruction, vars: Record<string, string>): DockerInstruction {
  const flags: Record<string, string> = {};
  if ('getFlags' in ins) for (const f of (ins as ModifiableInstruction).getFlags()) flags[f.getName()] = f.getValue() ?? '';
  const json = 'getJSONStrings' in ins ? (ins as JSONInstruction).getJSONStrings().map((s) => s.getJSONValue()) : [];
  return {
    keyword: ins.getKeyword(),
    line: ins.getRange().start.line + 1,
    flags,
    args: ins.getArguments().map((a) => substitute(a.getValue(), vars)),
    text: ins.getArgumentsContent() ?? '',
    json: json.length ? json : undefined,
  };
}

/** `${NAME}` and `$NAME` from the given variables; unknown ones stay as written. */
export function substitute(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a?: string, b?: string) => vars[(a ?? b)!] ?? whole);
}

function assignments(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq > 0) out[a.slice(0, eq)] = a.slice(eq + 1).replace(/^"(.*)"$/, '$1');
    else out[a] = ''; // ARG NAME: the build argument or the global default
  }
  return out;
}

/** The last instruction of a keyword in a stage (CMD, ENTRYPOINT, USER: the last one wins). */
export function lastOf(stage: DockerStage, keyword: string): DockerInstruction | undefined {
  return stage.instructions.filter((i) => i.keyword === keyword).at(-1);
}
