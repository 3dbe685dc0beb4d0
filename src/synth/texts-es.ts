// Spanish (Peruvian teen register) phrase pools: texts are assembled from whole phrases, never char by char, for speed.
import type { Prng } from './prng.js';

/** Clearly negative, distress-flavoured fragments: what planted high-risk users mostly write. */
export const NEGATIVE = [
  'me siento vacío',
  'me siento vacía',
  'me siento muy sola',
  'me siento solo todo el tiempo',
  'nadie me entiende',
  'no puedo más',
  'ya no puedo más con esto',
  'lloro todas las noches',
  'otra noche sin dormir',
  'tengo mucha ansiedad',
  'la ansiedad no me deja respirar',
  'estoy cansado de todo',
  'estoy cansada de fingir que estoy bien',
  'qué tristeza tan grande',
  'todo me sale mal',
  'siento que sobro en todos lados',
  'nadie se daría cuenta si no estoy',
  'odio mi vida',
  'me odio',
  'no tengo a nadie con quien hablar',
  'mis papás no me escuchan',
  'en el colegio todos se burlan de mí',
  'me duele el pecho de tanto llorar',
  'tengo miedo de todo',
  'para qué sigo intentando',
  'no le importo a nadie',
  'estoy harto de todo',
  'nada tiene sentido',
  'quisiera desaparecer un rato',
  'hoy tampoco comí nada',
  'me siento una carga para mi familia',
  'no soy suficiente para nadie',
  'la soledad pesa un montón',
  'me da pánico salir de mi cuarto',
  'siempre termino decepcionando a todos',
];

export const POSITIVE = [
  'qué buen día',
  'me encanta este grupo',
  'hoy la pasé bacán con mis patas',
  'ganamos el partido',
  'estoy feliz con mi nota de mate',
  'gracias por el apoyo',
  'qué chévere la presentación',
  'los quiero un montón',
  'la música de hoy estuvo increíble',
  'por fin terminé mi dibujo',
  'mañana vamos a la playa',
  'me salió genial la receta de la abuela',
  'qué alegría verlos',
  'mi perro aprendió un truco nuevo',
  'orgulloso de mi equipo',
  'la mejor tarde del año',
  'feliz cumple, amiga',
  'el voluntariado de hoy fue lo máximo',
  'aprobé el examen de inglés',
  'me encantó la peli',
  'qué rico el ceviche de hoy',
  'nos vemos en el ensayo, va a estar buenazo',
  'subí de nivel por fin',
  'mil gracias a todos por los saludos',
];

export const NEUTRAL = [
  'alguien tiene la tarea de historia',
  'a qué hora es la reunión',
  'mañana hay examen de matemáticas',
  'dónde queda el local',
  'ya llegué',
  'te paso el link en un rato',
  'el profe dijo que el trabajo es para el lunes',
  'quién juega esta noche',
  'estoy en el bus',
  'hay que llevar polo blanco',
  'alguien vende entradas para el concierto',
  'el wifi del cole no funciona',
  'cuántas páginas tiene el libro',
  'voy a ver el partido en la casa de Diego',
  'recuerden traer sus cuadernos',
  'cuál es el código del grupo',
  'ya subí las fotos al drive',
  'mi mamá dice que llego tarde',
  'qué canción es esa',
  'el taller empieza a las cuatro',
  'me pasas el resumen, "porfa"',
  'la dirección es Av. Arequipa 1234, Lince',
  'estoy entre pedir pollo a la brasa o chaufa',
  'el 2 + 2 del examen era capcioso, no?',
];

export const SLANG = ['xd', 'jaja', 'jajaja', 'causa', 'pata', 'bro', 'oe', 'ya fue', 'manyas', 'q tal', 'asu', 'nah', 'wtf', 'bacán'];
export const HAPPY_EMOJI = ['😊', '😂', '🎉', '❤️', '💪', '🔥', '⚽', '🎮', '🎶', '✨', '🙌'];
export const SAD_EMOJI = ['😢', '💔', '😞', '😭', '🥀', '😔', '🖤'];
/** Under 3 characters once trimmed: stored, never scored (SPEC §4). */
export const TOO_SHORT = ['k', 'ok', 'xd', 'ya', 'si', 'no', '👍', ':(', 'ah', '?'];
/** Empty and whitespace-only texts the scorer must skip. */
export const BLANKS = ['', ' ', '   ', '\t', '\n', ' \n '];

export const BIOS = [
  'Amo la música y el fútbol ⚽',
  'Estudiante de 4to de secundaria 📚',
  'Lima, Perú 🇵🇪 | gamer',
  'Dibujo cosas raras 🎨',
  'Voluntaria en la ONG del barrio 💚',
  'Fan del anime y del ramen 🍜',
  'Bailo marinera desde los 8 años',
  'Aprendiendo a programar, paciencia 💻',
  'Leo de todo, sobre todo fantasía',
  'Selección del cole de vóley 🏐',
  'No sé qué poner aquí jaja',
  'Cusqueño en Lima 🏔️',
  'Guitarra, skate y pan con chicharrón',
];

export const INTEREST_TAGS = [
  'gaming', 'musica', 'deporte', 'arte', 'lectura', 'cine', 'anime', 'tecnologia',
  'baile', 'fotografia', 'voluntariado', 'ciencia', 'naturaleza', 'cocina', 'moda',
];

export interface TextShape {
  /** Probability that the text is built from negative fragments. */
  negative: number;
  /** Probability of a several-thousand-character text. */
  long: number;
  /** Maximum number of fragments of an ordinary text. */
  maxFragments: number;
}

/**
 * One text: NULL, blank, too short, ordinary (1..maxFragments fragments, slang and emoji), or
 * very long. Sentiment is chosen once per text so a text reads coherently.
 */
export function composeText(r: Prng, shape: TextShape): string | null {
  const u = r.float();
  if (u < 0.01) return null;
  if (u < 0.022) return r.pick(BLANKS);
  if (u < 0.035) return r.pick(TOO_SHORT);
  const negative = r.float() < shape.negative;
  const pool = negative ? NEGATIVE : r.float() < 0.5 ? POSITIVE : NEUTRAL;
  const emoji = negative ? SAD_EMOJI : HAPPY_EMOJI;
  if (r.float() < shape.long) return composeLong(r, pool, emoji);
  let text = r.float() < 0.2 ? r.pick(SLANG) + ' ' + r.pick(pool) : r.pick(pool);
  const n = 1 + r.int(shape.maxFragments);
  for (let i = 1; i < n; i++) text += (r.float() < 0.5 ? ', ' : '. ') + r.pick(pool);
  if (r.float() < 0.3) text += ' ' + r.pick(emoji);
  if (negative && r.float() < 0.25) text += r.pick(emoji);
  return r.float() < 0.1 ? capitalise(text) + '...' : text;
}

/** Rambling texts of 1,500-6,000 characters, some with line breaks and quotes for the CSV paths. */
function composeLong(r: Prng, pool: readonly string[], emoji: readonly string[]): string {
  const n = 40 + r.int(110);
  let text = capitalise(r.pick(pool));
  for (let i = 1; i < n; i++) {
    const v = r.float();
    text += v < 0.08 ? '.\n' : v < 0.12 ? ' "' : v < 0.5 ? ', ' : '. ';
    text += r.pick(pool);
    if (v >= 0.08 && v < 0.12) text += '"';
    if (r.float() < 0.05) text += ' ' + r.pick(emoji);
  }
  return text + '.';
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function pickBio(r: Prng): string {
  return r.pick(BIOS);
}

/** 1-5 distinct interest tags as a PostgreSQL array literal, e.g. {gaming,musica}. */
export function pickInterests(r: Prng): string {
  const n = 1 + r.int(5);
  const chosen: string[] = [];
  while (chosen.length < n) {
    const tag = r.pick(INTEREST_TAGS);
    if (!chosen.includes(tag)) chosen.push(tag);
  }
  return '{' + chosen.join(',') + '}';
}
