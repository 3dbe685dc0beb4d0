// .dockerignore rules as Docker applies them: the last matching pattern wins, a pattern also matches a path's parents.

export interface IgnoreRule {
  pattern: string;
  negated: boolean;
  regex: RegExp;
}

export function parseDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = cleanPath(negated ? line.slice(1).trim() : line);
    rules.push({ pattern, negated, regex: patternToRegex(pattern) });
  }
  return rules;
}

/** Whether a context path (relative, `/`-separated) stays out of the build context. */
export function isIgnored(rules: IgnoreRule[], path: string): boolean {
  const parts = cleanPath(path).split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const rule of rules) if (candidates.some((c) => rule.regex.test(c))) ignored = !rule.negated;
  return ignored;
}

/** Go's filepath.Clean, as Docker applies it to patterns: no leading `/` or `./`, no trailing `/`. */
function cleanPath(p: string): string {
  return p.replace(/^\/+/, '').replace(/^(\.\/)+/, '').replace(/\/+$/, '').replace(/\/+/g, '/') || '.';
}

/** filepath.Match syntax plus `**` (any number of directories). */
function patternToRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      re += slash ? '(.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[' && pattern.indexOf(']', i) > i) {
      const end = pattern.indexOf(']', i);
      re += pattern.slice(i, end + 1).replace(/^\[!/, '[^');
      i = end;
    } else if (ch === '\\' && i + 1 < pattern.length) re += escapeRegex(pattern[++i]!);
    else re += escapeRegex(ch);
  }
  return new RegExp(`^${re}$`);
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
