// Lexicon v2 per category, on sentences written for these tests (not in nlp-eval.tsv or nlp-dev.tsv): orderings, ranges and flags.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crisisFlags, isCrisisText, NEUTRAL_PROBABILITY, scoreText, scoreTexts } from '../../src/nlp/lexicon.js';
import { parsePhrases, PHRASE_VALENCE } from '../../src/nlp/lexicon-es.js';
import { measureQuality, rocAuc, type LabelledText } from '../../tools/labelled-texts.js';

const NEG = (t: string) => assert.ok(scoreText(t) > 0.5, `negative: ${t} (${scoreText(t).toFixed(3)})`);
const NOT_NEG = (t: string) => assert.ok(scoreText(t) <= NEUTRAL_PROBABILITY + 0.05, `not negative: ${t} (${scoreText(t).toFixed(3)})`);
const POS = (t: string) => assert.ok(scoreText(t) < NEUTRAL_PROBABILITY, `positive: ${t} (${scoreText(t).toFixed(3)})`);

describe('normaliser: abbreviations and spellings, once per token', () => {
  it('reads q/k, x, xq/pq, nd, tmb, bn, toy as the words they stand for', () => {
    assert.equal(scoreText('nd me sale bien'), scoreText('nada me sale bien'));
    assert.equal(scoreText('toy re mal'), scoreText('estoy re mal'));
    assert.equal(scoreText('no me siento bn'), scoreText('no me siento bien'));
    assert.equal(scoreText('tmb toy triste xq me dejaron'), scoreText('también estoy triste porque me dejaron'));
    assert.equal(scoreText('k feo todo'), scoreText('qué feo todo'));
    assert.equal(scoreText('kiero morirme'), scoreText('quiero morirme'));
  });
  it('folds elongations and missing accents', () => {
    assert.equal(scoreText('estoy tristíiisimaaa'), scoreText('estoy tristisima'));
    assert.equal(isCrisisText('quierooo morirmeee'), true);
  });
});

describe('slang and regional words (Peru, Latin America)', () => {
  it('reads failing a course, being broke, embarrassment, anger and feeling low', () => {
    for (const t of ['jalé química y me castigaron', 'ando misia toda la semana', 'estoy palteada con la expo de mañana', 'toy bien asado con el profe', 'me siento bajoneado desde el lunes', 'me jalaron en inglés']) NEG(t);
  });
  it('keeps the neutral senses of the same words', () => {
    for (const t of ['mañana almorzamos pollo asado', 'mi pata vive por la chamba de su tío', 'causa, ¿a qué hora sales?']) NOT_NEG(t);
  });
  it('reads positive slang', () => {
    for (const t of ['qué bacán tu tono causa', 'estuvo mostro el partido', 'ese profe es lo máximo']) POS(t);
  });
});

describe('verb forms next to listed words', () => {
  it('catches the conjugated verb as well as the participle', () => {
    assert.ok(scoreText('en el taller me excluyen') > NEUTRAL_PROBABILITY + 0.2);
    assert.ok(scoreText('siempre me marginan los de quinto') > NEUTRAL_PROBABILITY + 0.2);
    POS('me invitaron al viaje de fin de año');
  });
});

describe('phrase layer: figurative idioms and fixed expressions before single words', () => {
  it('does not read dying of tiredness, hunger or laughter as distress', () => {
    for (const t of ['estoy muerto de sueño después del turno', 'me muero de hambre en el recreo', 'se me murió el celu en el micro', 'me mata el frío de la mañana']) NOT_NEG(t);
    for (const t of ['me muero de risa con mi primo', 'el concierto estuvo de morirse']) POS(t);
    assert.ok(scoreText('me muero de tristeza') > 0.5, 'the noun after "de" still counts');
  });
  it('reads fixed expressions with polar words as not polar', () => {
    for (const t of ['mi mejor amigo se muda a Cusco', 'a lo mejor salimos el domingo', 'no pasa nada, te espero', 'de nada, cuando quieras']) NOT_NEG(t);
    POS('no hay nada mejor que el ceviche de mi abuela');
  });
  it('parses slot alternatives and optional slots in the data', () => {
    const phrases = parsePhrases('1 me muero|morí de? risa\n# comment\n', PHRASE_VALENCE, true).map((p) => p.words.join(' '));
    assert.deepEqual(phrases.sort(), ['me mori de risa', 'me mori risa', 'me muero de risa', 'me muero risa']);
  });
});

describe('topic frames', () => {
  it('a talk, song or task about a sad topic does not make its writer sad', () => {
    for (const t of ['el taller de hoy fue sobre la ansiedad', 'mi canción favorita se llama soledad', 'la obra trata de la muerte de un rey', 'hicimos una campaña contra el acoso']) {
      assert.ok(scoreText(t) <= NEUTRAL_PROBABILITY + 0.05, t);
      assert.equal(isCrisisText(t), false, t);
    }
  });
});

describe('negation scope and intensifiers', () => {
  it('skips fillers but stops at the clause', () => {
    NEG('no me estoy sintiendo para nada bien');
    NEG('la verdad no me siento tan bien');
    POS('no, ya estoy feliz');
    POS('no sé, pero hoy estoy contenta');
  });
  it('reads "no paro de" / "no dejo de" as an intensifier, not a negation', () => {
    assert.ok(scoreText('no paro de llorar en las noches') > scoreText('lloro en las noches'));
    assert.ok(scoreText('no dejo de reírme con ese video') < NEUTRAL_PROBABILITY);
  });
});

describe('emoji and irony', () => {
  it('😭 follows the polarity of its text', () => {
    assert.ok(scoreText('aprobé el examen de física 😭😭') < NEUTRAL_PROBABILITY);
    assert.ok(scoreText('extraño a mi perrito 😭') > 0.5);
    assert.ok(scoreText('😭😭 gané la rifa, qué felicidad') < NEUTRAL_PROBABILITY, 'a cry before the words takes their polarity');
  });
  it('irony markers never flip a complaint to positive', () => {
    for (const t of ['genial, se fue la luz en pleno examen 🙃', 'qué lindo que me dejaran plantada 🙄', 'bravo, perdí las llaves 👏']) {
      assert.ok(scoreText(t) > NEUTRAL_PROBABILITY, t);
    }
    assert.ok(scoreText('felicidades campeones 👏👏') < NEUTRAL_PROBABILITY, 'praise stays praise without a negative event');
  });
});

describe('crisis language', () => {
  const direct = ['me voy a matar esta noche', 'estoy pensando en cortarme otra vez', 'ayer me volví a cortar', 'quiero tomarme todas las pastillas'];
  const indirect = ['ojalá no despertara mañana', 'mi familia estaría mejor sin mí', 'ya no le veo sentido a seguir', 'soy una carga para todos', 'nadie me extrañaría si desaparezco'];
  const figurative = ['me voy a cortar el flequillo', 'me mato estudiando para el final', 'me quiero morir de la vergüenza jaja', 'quiero desaparecer del chat del salón', 'el protagonista se suicida al final', 'mi mamá me va a matar por llegar tarde', 'ya quiero que termine el bimestre'];
  it('flags direct and indirect crisis texts, strongly negative whatever else they say', () => {
    for (const t of [...direct, ...indirect]) {
      assert.equal(isCrisisText(t), true, t);
      assert.ok(scoreText(t) > 0.9, t);
    }
  });
  it('does not flag figurative look-alikes', () => {
    for (const t of figurative) assert.equal(isCrisisText(t), false, t);
  });
  it('scoreTexts and crisisFlags agree with isCrisisText', () => {
    const texts = [...direct, ...figurative];
    const flags = new Uint8Array(texts.length);
    scoreTexts(texts, new Float64Array(texts.length), flags);
    assert.deepEqual([...flags], texts.map((t) => (isCrisisText(t) ? 1 : 0)));
    assert.deepEqual([...crisisFlags(texts)], [...flags]);
  });
});

describe('quality measures', () => {
  it('rocAuc counts ties as half and is 1 for a perfect order', () => {
    assert.equal(rocAuc([0.1, 0.2, 0.9], [false, false, true]), 1);
    assert.equal(rocAuc([0.5, 0.5], [false, true]), 0.5);
    assert.ok(Number.isNaN(rocAuc([0.5], [true])));
  });
  it('measureQuality reports recall and the false-flag share', () => {
    const item = (label: LabelledText['label'], crisis: boolean): LabelledText => ({ label, crisis, category: 'x', hard: false, text: '' });
    const q = measureQuality([item('neg', true), item('neg', true), item('neu', false), item('pos', false)], [0.9, 0.4, 0.3, 0.1], [1, 0, 1, 0]);
    assert.equal(q.crisisRecall, 0.5);
    assert.equal(q.falseCrisisShare, 0.5);
    assert.equal(q.auc, 1);
  });
});
