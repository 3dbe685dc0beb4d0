// Finds the `aura-miner ...` invocations in shell text (crontab lines, RUN instructions, README code blocks).

/** Tokens that end a simple command: control operators, grouping words and redirections. */
const COMMAND_ENDS = new Set(['&&', '||', ';', '|', '&', '{', '}', '(', ')', '!']);
const REDIRECTION = /^\d*(>>?|<)(&\d+)?$/;

/**
 * Splits one logical shell line into words: quotes and backslashes are honoured, `#` starts a comment,
 * and operators become words of their own. Variables are kept as written (`$HOME` stays `$HOME`).
 */
export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  const flush = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "'" || ch === '"') {
      const end = line.indexOf(ch, i + 1);
      if (end < 0) throw new Error(`unterminated ${ch} in: ${line}`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      flush();
    } else if (ch === '#' && !inWord) {
      break;
    } else if ('&|;<>()'.includes(ch) || (/[{}]/.test(ch) && !inWord && /^(\s|$)/.test(line.slice(i + 1, i + 2)))) {
      // A digit word right before < or > is a file descriptor: `2>&1` is one redirection.
      const fd = inWord && /^\d+$/.test(word) && (ch === '<' || ch === '>') ? word : '';
      if (fd) {
        word = '';
        inWord = false;
      } else flush();
      const op = /^(>>?(&\d+)?|<|&&|\|\||[;&|(){}])/.exec(line.slice(i))![0];
      words.push(fd + op);
      i += op.length - 1;
    } else {
      word += ch;
      inWord = true;
    }
  }
  flush();
  return words;
}

/** Logical lines: backslash-newline continuations joined, blank and comment-only lines dropped. */
export function logicalLines(text: string): string[] {
  return text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*\$\s+/, '').trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

const LAUNCHERS: readonly (readonly string[])[] = [['aura-miner'], ['npx', 'aura-miner'], ['node', 'bin/aura-miner.js']];
/** An image reference naming aura-miner, as in `docker run ... aura-miner:0.1.0 etl`. */
const IMAGE = /^([\w.-]+(:\d+)?\/)*aura-miner(:[\w.-]+)?(@sha256:[0-9a-f]+)?$/;

/** The argument lists given to aura-miner in one shell line (`aura-miner etl --cluster` gives `['etl', '--cluster']`). */
export function auraMinerCommands(line: string): string[][] {
  const found: string[][] = [];
  for (const segment of simpleCommands(splitShellWords(line))) {
    const start = commandStart(segment);
    if (start !== undefined) found.push(withoutRedirections(segment.slice(start)));
  }
  return found;
}

function simpleCommands(words: string[]): string[][] {
  const out: string[][] = [[]];
  for (const w of words) {
    if (COMMAND_ENDS.has(w)) out.push([]);
    else out[out.length - 1]!.push(w);
  }
  return out.filter((s) => s.length > 0);
}

/** Commands that run the command after their own options: `flock -n /run/lock/x aura-miner etl`. */
const WRAPPERS = new Set(['flock', 'sudo', 'env', 'timeout', 'nice', 'ionice', 'nohup', 'exec', 'time', 'runuser', 'chronic']);

/** Index of the first argument after the launcher, or undefined when the command does not run aura-miner. */
function commandStart(words: string[]): number | undefined {
  const first = words.findIndex((w) => !/^\w+=/.test(w)); // VAR=value prefixes
  const searchTo = WRAPPERS.has(words[first] ?? '') ? words.length : first + 1;
  for (let i = first; i >= 0 && i < searchTo; i++) {
    const launcher = LAUNCHERS.find((l) => l.every((w, j) => words[i + j] === w));
    if (launcher) return i + launcher.length;
  }
  const run = words.findIndex((w, i) => (w === 'docker' || w === 'podman') && words[i + 1] === 'run');
  if (run < 0) return undefined;
  const image = words.findIndex((w, i) => i > run + 1 && IMAGE.test(w) && !words[i - 1]!.startsWith('-'));
  return image < 0 ? undefined : image + 1;
}

function withoutRedirections(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (REDIRECTION.test(words[i]!)) {
      if (!/&\d+$/.test(words[i]!)) i++;
      continue;
    }
    out.push(words[i]!);
  }
  return out;
}
