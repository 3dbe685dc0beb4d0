// Benchmarks the lexicon scorer on seeded synthetic Spanish social texts: texts/s and MB/s on one core.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LEXICON_MODEL_NAME, describeLexicon, scoreTexts } from '../src/nlp/lexicon.js';
import { createSeededRandom } from '../src/cluster/seeded-random.js';

export interface LexiconThroughputOptions {
  /** @default 300000 */
  texts?: number;
  /** Timed passes over all texts; the best one is reported. @default 7 */
  rounds?: number;
  /** @default 42 */
  seed?: number;
}

export interface LexiconThroughputResult {
  model: string;
  node: string;
  texts: number;
  rounds: number;
  meanChars: number;
  maxChars: number;
  utf8Megabytes: number;
  bestSeconds: number;
  medianSeconds: number;
  /** From the best wall-clock round. */
  textsPerSecond: number;
  megabytesPerSecond: number;
  medianTextsPerSecond: number;
  /** From the best round's CPU time (user + system): steadier than wall time on a shared machine. */
  textsPerCpuSecond: number;
  meanScore: number;
  lexicon: ReturnType<typeof describeLexicon>;
}

const NEUTRAL_PARTS = [
  'mañana tengo examen de matemáticas', 'alguien sabe a qué hora abre la biblioteca', 'voy a casa de mi abuela',
  'subí foto nueva', 'qué hacen este finde', 'el profe no vino hoy', 'ya llegué', 'me compré unas zapatillas',
  'a las 8 en la plaza', 'vieron el partido de ayer?', 'tengo que terminar el trabajo de historia',
  'mi mamá dice que no', 'en el bus de vuelta', 'hoy toca entreno', 'pásame los apuntes porfa', 'ok nos vemos',
];
const NEGATIVE_PARTS = [
  'estoy muy triste', 'no aguanto más', 'me siento sola', 'nadie me entiende', 'odio todo', 'tengo ansiedad otra vez',
  'estoy cansadísima de todo', 'no quiero vivir así', 'me duele el pecho de tanto llorar', 'soy un inútil',
  'no tengo ganas de nada', 'qué asco de día', 'todo me sale mal', 'tengo miedo', 'me siento vacío', 'ya no puedo más',
];
const POSITIVE_PARTS = [
  'qué feliz estoy', 'fue un día genial', 'gracias por todo', 'los quiero mucho', 'me encanta', 'increíble el concierto',
  'súper divertido', 'estoy orgullosa de ti', 'qué risa jajaja', 'te amo amiga', 'muy bien todo', 'mejor día ever',
];
const EXTRAS = ['😭', '😢', '💔', '😊', '😂', '❤️', '🎉', ':(', ':)', '<3', 'jajaja', 'xD', '!!!', '...', '?', 'tqm', '🙃', '✨'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** One message: mostly one or two clauses (~60-100 chars), sometimes a long rant of thousands. */
function generateText(random: () => number): string {
  const roll = random();
  const clauses = roll < 0.005 ? 60 + Math.floor(random() * 60) : roll < 0.05 ? 6 + Math.floor(random() * 10) : 1 + Math.floor(random() * 4);
  const parts: string[] = [];
  for (let i = 0; i < clauses; i++) {
    const mood = random();
    let part = pick(random, mood < 0.55 ? NEUTRAL_PARTS : mood < 0.8 ? NEGATIVE_PARTS : POSITIVE_PARTS);
    if (random() < 0.1) part = part.toUpperCase();
    if (random() < 0.1) part = part.replace(/([aeiou])(\s|$)/, '$1$1$1$1$2');
    if (random() < 0.05) part = part.normalize('NFD');
    parts.push(part);
    if (random() < 0.4) parts.push(pick(random, EXTRAS));
  }
  return parts.join(random() < 0.5 ? ' ' : ', ');
}

export function generateSocialTexts(count: number, seed: number): string[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () => generateText(random));
}

export function measureLexiconThroughput(options: LexiconThroughputOptions = {}): LexiconThroughputResult {
  const { texts: count = 300_000, rounds = 7, seed = 42 } = options;
  const texts = generateSocialTexts(count, seed);
  const out = new Float64Array(count);
  const lexicon = describeLexicon();
  scoreTexts(texts.slice(0, 20_000), out); // warm up the JIT before timing
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    scoreTexts(texts, out);
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
    const cpu = process.cpuUsage(cpuStart);
    cpuSeconds.push((cpu.user + cpu.system) / 1e6);
  }
  seconds.sort((a, b) => a - b);
  const chars = texts.reduce((total, text) => total + text.length, 0);
  const megabytes = texts.reduce((total, text) => total + Buffer.byteLength(text), 0) / 1e6;
  const best = seconds[0];
  const median = seconds[Math.floor(seconds.length / 2)];
  return {
    model: LEXICON_MODEL_NAME,
    node: process.version,
    texts: count,
    rounds,
    meanChars: round(chars / count, 1),
    maxChars: texts.reduce((longest, text) => Math.max(longest, text.length), 0),
    utf8Megabytes: round(megabytes, 2),
    bestSeconds: round(best, 4),
    medianSeconds: round(median, 4),
    textsPerSecond: Math.round(count / best),
    megabytesPerSecond: round(megabytes / best, 1),
    medianTextsPerSecond: Math.round(count / median),
    textsPerCpuSecond: Math.round(count / Math.min(...cpuSeconds)),
    meanScore: round(out.reduce((total, score) => total + score, 0) / count, 4),
    lexicon,
  };
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

/** bench/results under the repository root, whether run from source (tsx) or from dist/. */
function resolveResultsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'bench', 'results');
}

function runFromCommandLine(): void {
  const result = measureLexiconThroughput();
  const dir = resolveResultsDir();
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(result, null, 2);
  writeFileSync(join(dir, 'lexicon-throughput.json'), `${json}\n`);
  console.log(json);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) runFromCommandLine();
