// Benchmarks the lexicon scorer on seeded synthetic Spanish social texts: texts/s and MB/s on one core, in rounds
// alternating with lexicon-es-v1 (as shipped, read from git history by lexicon-v1.ts) on the same texts, for a ratio
// from one run.

import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { LEXICON_MODEL_NAME, describeLexicon, scoreTexts } from '../src/nlp/lexicon.js';
import { createSeededRandom } from '../src/cluster/seeded-random.js';
import { loadLexiconV1, type LexiconV1 } from './lexicon-v1.js';
import { writeResult } from './results-file.js';

export interface LexiconThroughputOptions {
  /** @default 300000 */
  texts?: number;
  /** Timed passes over all texts; the best one is reported. @default 7 */
  rounds?: number;
  /** @default 42 */
  seed?: number;
  /** Also time lexicon-es-v1 (loadLexiconV1()), alternating rounds with the current lexicon. */
  v1?: LexiconV1;
}

/** One scorer's figures over the same texts and rounds. */
export interface ScannerFigures {
  bestSeconds: number;
  medianSeconds: number;
  /** From the best wall-clock round. */
  textsPerSecond: number;
  medianTextsPerSecond: number;
  /** From the round with the least CPU time (user + system) of the process: steadier than wall time on a shared machine. */
  textsPerCpuSecond: number;
  meanScore: number;
}

export interface LexiconThroughputResult extends ScannerFigures {
  model: string;
  node: string;
  texts: number;
  rounds: number;
  meanChars: number;
  maxChars: number;
  utf8Megabytes: number;
  megabytesPerSecond: number;
  lexicon: ReturnType<typeof describeLexicon>;
  /** lexicon-es-v1 timed in the same process, rounds alternating with the current lexicon's. */
  v1?: ScannerFigures & { model: string };
  /** Current lexicon / v1, texts per CPU second and per wall-clock second (best rounds). */
  ratioToV1?: { cpu: number; wall: number };
  /** 1-minute load average before and after the timed rounds (2 cores here). */
  load1m: [number, number];
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

type ScoreTexts = (texts: readonly string[], out: Float64Array) => Float64Array;

/** Times rounds of `scorers` over `texts`, alternating scorer by scorer within each round. */
function timeRounds(scorers: readonly ScoreTexts[], texts: readonly string[], rounds: number): ScannerFigures[] {
  const outs = scorers.map(() => new Float64Array(texts.length));
  scorers.forEach((score) => score(texts.slice(0, 20_000), new Float64Array(20_000))); // warm up the JIT before timing
  const seconds = scorers.map((): number[] => []);
  const cpuSeconds = scorers.map((): number[] => []);
  for (let r = 0; r < rounds; r++) {
    scorers.forEach((score, k) => {
      const cpuStart = process.cpuUsage();
      const start = process.hrtime.bigint();
      score(texts, outs[k]);
      seconds[k].push(Number(process.hrtime.bigint() - start) / 1e9);
      const cpu = process.cpuUsage(cpuStart);
      cpuSeconds[k].push((cpu.user + cpu.system) / 1e6);
    });
  }
  return scorers.map((_, k) => {
    const sorted = [...seconds[k]].sort((a, b) => a - b);
    const best = sorted[0];
    const median = sorted[Math.floor(sorted.length / 2)];
    return {
      bestSeconds: round(best, 4),
      medianSeconds: round(median, 4),
      textsPerSecond: Math.round(texts.length / best),
      medianTextsPerSecond: Math.round(texts.length / median),
      textsPerCpuSecond: Math.round(texts.length / Math.min(...cpuSeconds[k])),
      meanScore: round(outs[k].reduce((total, score) => total + score, 0) / texts.length, 4),
    };
  });
}

export function measureLexiconThroughput(options: LexiconThroughputOptions = {}): LexiconThroughputResult {
  const { texts: count = 300_000, rounds = 7, seed = 42, v1: lexiconV1 } = options;
  const texts = generateSocialTexts(count, seed);
  const lexicon = describeLexicon();
  // scoreTexts itself, not a wrapper: an extra closure around it changed V8's inlining and cost 10-15% here.
  const scorers: ScoreTexts[] = [scoreTexts];
  if (lexiconV1) scorers.push(lexiconV1.scoreTexts);
  const loadBefore = loadavg()[0];
  const [current, v1] = timeRounds(scorers, texts, rounds);
  const load1m: [number, number] = [loadBefore, loadavg()[0]];
  const chars = texts.reduce((total, text) => total + text.length, 0);
  const megabytes = texts.reduce((total, text) => total + Buffer.byteLength(text), 0) / 1e6;
  return {
    model: LEXICON_MODEL_NAME,
    node: process.version,
    texts: count,
    rounds,
    meanChars: round(chars / count, 1),
    maxChars: texts.reduce((longest, text) => Math.max(longest, text.length), 0),
    utf8Megabytes: round(megabytes, 2),
    ...current,
    megabytesPerSecond: round(megabytes / current.bestSeconds, 1),
    lexicon,
    ...(v1 && {
      v1: { model: lexiconV1!.model, ...v1 },
      ratioToV1: {
        cpu: round(current.textsPerCpuSecond / v1.textsPerCpuSecond, 3),
        wall: round(current.textsPerSecond / v1.textsPerSecond, 3),
      },
    }),
    load1m,
  };
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

async function runFromCommandLine(): Promise<void> {
  const result = measureLexiconThroughput({ v1: await loadLexiconV1() });
  writeResult('lexicon-throughput.json', result);
  console.log(JSON.stringify(result, null, 2));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await runFromCommandLine();
