// Every aura-miner command line written in the manifests, the Dockerfile, the crontab and the docs.
import { readFileSync } from 'node:fs';
import { CRONTAB, DOCKERFILE, DOCS, readManifests, rel, shellCodeBlocks } from './deploy-files.js';
import { lastOf, parseDockerfile } from './dockerfile-model.js';
import { containersOf, isAuraMiner, podSpecOf } from './k8s-objects.js';
import { auraMinerCommands, logicalLines } from './shell-commands.js';

export interface CommandLine {
  /** Where it is written, e.g. `k8s/etl-cronjob.yaml containers[etl]` or `deploy/crontab:14`. */
  source: string;
  /** The arguments after `aura-miner`. */
  args: string[];
}

/** Containers running the aura-miner image: the image's ENTRYPOINT is aura-miner unless `command` says otherwise. */
export function commandLinesInManifests(): CommandLine[] {
  const out: CommandLine[] = [];
  for (const { file, doc } of readManifests()) {
    const pod = podSpecOf(doc);
    if (!pod) continue;
    for (const { where, container } of containersOf(pod)) {
      if (!isAuraMiner(container)) continue;
      const source = `${file.path} ${doc.kind}/${doc.metadata?.name} ${where}`;
      const command = (container.command ?? []) as string[];
      const args = (container.args ?? []) as string[];
      if (!command.length || command[0] === 'aura-miner') out.push({ source, args: [...command.slice(1), ...args] });
      else for (const cmd of auraMinerCommands([...command, ...args].join(' '))) out.push({ source, args: cmd });
    }
  }
  return out;
}

/** RUN instructions that call aura-miner, and the final stage's ENTRYPOINT + CMD (what `docker run IMAGE` runs). */
export function commandLinesInDockerfile(path = DOCKERFILE): CommandLine[] {
  const model = parseDockerfile(readFileSync(path, 'utf8'));
  const out: CommandLine[] = [];
  for (const stage of model.stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'RUN') continue;
      for (const args of auraMinerCommands(ins.text)) out.push({ source: `${rel(path)}:${ins.line} RUN`, args });
    }
  }
  const entrypoint = lastOf(model.final, 'ENTRYPOINT')?.json;
  const cmd = lastOf(model.final, 'CMD')?.json ?? [];
  if (entrypoint?.[0] === 'aura-miner') out.push({ source: `${rel(path)} ENTRYPOINT + CMD`, args: [...entrypoint.slice(1), ...cmd] });
  return out;
}

export function commandLinesInShellText(text: string, source: string): CommandLine[] {
  return logicalLines(text).flatMap((line) => auraMinerCommands(line).map((args) => ({ source: `${source}: ${line.slice(0, 60)}`, args })));
}

/** A system crontab (/etc/cron.d): five time fields or an @keyword, a user, then the shell command. */
export function commandLinesInCrontab(path = CRONTAB): CommandLine[] {
  const jobs = logicalLines(readFileSync(path, 'utf8')).filter((l) => !/^\w+=/.test(l));
  return jobs.flatMap((line) => {
    const command = line.replace(/^(@\w+|(\S+\s+){4}\S+)\s+\S+\s+/, '');
    return auraMinerCommands(command).map((args) => ({ source: `${rel(path)}: ${command.slice(0, 60)}`, args }));
  });
}

export function commandLinesInDocs(paths = DOCS): CommandLine[] {
  return paths.flatMap((p) => shellCodeBlocks(readFileSync(p, 'utf8')).flatMap((block) => commandLinesInShellText(block, rel(p))));
}
