// Unit tests of the Spanish lexicon scorer: orderings and ranges, never hard-coded probabilities.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inflectAdjective, inflectNoun, conjugateVerb } from '../../src/nlp/lexicon-es.js';
import {
  LEXICON_MODEL_NAME, NEUTRAL_PROBABILITY, createLexiconScorer, describeLexicon, scoreText, scoreTexts,
} from '../../src/nlp/lexicon.js';
import { foldWord } from '../../src/nlp/normalize-text.js';

const NEGATIVE = [
  'estoy muy triste, no paro de llorar',
  'me siento sola y vacía, nadie me entiende',
  'odio mi vida, ya no quiero vivir',
  'tengo mucha ansiedad y miedo de todo',
  'estoy cansada de todo, soy una inútil 😭',
  'me quiero morir, todo me duele 💔',
];
const POSITIVE = [
  'hoy estoy feliz, fue un día genial',
  'gracias por todo, los quiero mucho ❤️',
  'qué divertido el viaje, increíble!! 😂',
  'estoy orgullosa de mi hermana 🎉',
  'me encanta esta canción, qué alegría',
  'jajaja qué risa, te amo amiga 😊',
];
const NEUTRAL = [
  'mañana tengo examen de matemáticas a las ocho',
  'alguien sabe a qué hora abre la biblioteca?',
  'voy a la casa de mi abuela el sábado',
  'el tema de hoy es la revolución francesa',
  'subí una foto nueva',
];

function max(values: number[]): number {
  return Math.max(...values);
}

function min(values: number[]): number {
  return Math.min(...values);
}

describe('scoreText', () => {
  it('scores every clearly negative text above every positive and every neutral one', () => {
    const negative = NEGATIVE.map(scoreText);
    assert.ok(min(negative) > max(POSITIVE.map(scoreText)));
    assert.ok(min(negative) > max(NEUTRAL.map(scoreText)));
    assert.ok(min(negative) > 0.5, 'a clearly negative text is more likely negative than not');
  });

  it('scores neutral texts at the documented prior, between positive and negative', () => {
    for (const text of NEUTRAL) assert.equal(scoreText(text), NEUTRAL_PROBABILITY, text);
    assert.ok(max(POSITIVE.map(scoreText)) < NEUTRAL_PROBABILITY);
  });

  it('flips polarity under negation', () => {
    assert.ok(scoreText('no estoy triste') < scoreText('estoy triste'));
    assert.ok(scoreText('no me siento bien') > scoreText('me siento bien'));
    assert.ok(scoreText('nunca estoy feliz') > scoreText('estoy feliz'));
    assert.ok(scoreText('jamás me sentí tan sola') > NEUTRAL_PROBABILITY);
    assert.ok(scoreText('no tengo miedo') < scoreText('tengo miedo'));
    assert.ok(scoreText('ni feliz ni contenta') > NEUTRAL_PROBABILITY);
  });

  it('limits negation to a few words and to its clause', () => {
    assert.ok(scoreText('no, estoy feliz') < NEUTRAL_PROBABILITY);
    assert.ok(scoreText('no lo sé la verdad pero hoy estoy feliz') < NEUTRAL_PROBABILITY);
    assert.ok(scoreText('sin embargo estoy feliz') < NEUTRAL_PROBABILITY);
  });

  it('reads despair phrased as negation', () => {
    assert.ok(scoreText('nadie me entiende') > 0.5);
    assert.ok(scoreText('no tengo amigos') > scoreText('tengo amigos'));
    assert.ok(scoreText('ya no quiero vivir') > 0.5);
    assert.ok(scoreText('no sirvo para nada') > 0.5);
  });

  it('strengthens with intensifiers and weakens with diminishers', () => {
    assert.ok(scoreText('estoy muy triste') > scoreText('estoy triste'));
    assert.ok(scoreText('estoy súper feliz') < scoreText('estoy feliz'));
    assert.ok(scoreText('estoy un poco triste') < scoreText('estoy triste'));
    assert.ok(scoreText('bien triste') > scoreText('triste'), '"bien" before a polar word intensifies');
    assert.ok(scoreText('estoy bien') < NEUTRAL_PROBABILITY, '"bien" alone is positive');
  });

  it('reads "solo" as lonely only after a copula', () => {
    assert.ok(scoreText('me siento solo') > 0.5);
    assert.ok(scoreText('estoy sola') > 0.5);
    assert.ok(scoreText('es solo un juego') < scoreText('me siento solo'));
    assert.equal(scoreText('me siento solo'), scoreText('me siento sola'), 'no gender difference');
  });

  it('ignores accents, case and elongation, but keeps ñ distinct from n', () => {
    const base = scoreText('estoy triste');
    for (const variant of ['ESTOY TRISTE', 'Estoy Tristeeeeee', 'éstóy trístè', 'estoy triiiisteee']) {
      assert.equal(scoreText(variant), base, variant);
    }
    assert.equal(scoreText('me siento inútil'), scoreText('me siento inutil'));
    assert.equal(scoreText('me siento INÚTIL'), scoreText('me siento inutil'));
    assert.equal(scoreText('e\u0301xito'), scoreText('éxito'), 'decomposed (NFD) accents fold too');
    assert.equal(scoreText('cari\u006e\u0303o'), scoreText('cariño'), 'n + combining tilde is ñ');
    assert.ok(scoreText('cariño') < NEUTRAL_PROBABILITY);
    assert.equal(scoreText('carino'), NEUTRAL_PROBABILITY, 'cariño without its ñ is another word');
    assert.equal(foldWord('Ñandú'), 'ñandu');
  });

  it('reads emoji, emoticons and laughter', () => {
    for (const sad of ['😢', '😭', '💔', '😞', ':(', ":'(", ':c', '</3']) {
      assert.ok(scoreText(`hoy ${sad}`) > NEUTRAL_PROBABILITY, sad);
    }
    for (const happy of ['😊', '😂', '❤️', '🎉', ':)', ':D', '<3', 'jajaja', 'JAJAJAJ', 'jsjsjs', 'xD']) {
      assert.ok(scoreText(`hoy ${happy}`) < NEUTRAL_PROBABILITY, happy);
    }
    assert.equal(scoreText('mira https://ejemplo.com/hoy'), NEUTRAL_PROBABILITY, 'a URL is not an emoticon');
    assert.equal(scoreText('👍🏽'), scoreText('👍'), 'skin tone modifiers are ignored');
  });

  it('discounts what comes before "pero"', () => {
    assert.ok(scoreText('estaba feliz pero ahora estoy triste') > 0.5);
    assert.ok(scoreText('estaba triste pero ahora estoy feliz') < NEUTRAL_PROBABILITY);
  });

  it('leaves common neutral words alone, including those that look like inflected polar words', () => {
    for (const word of ['tema', 'mente', 'motivo', 'pero', 'perro', 'calle', 'ella', 'para', 'año', 'ano', 'anime', 'cura', 'casa']) {
      assert.equal(scoreText(word), NEUTRAL_PROBABILITY, word);
    }
  });

  it('returns a defined probability for empty, whitespace and odd input', () => {
    for (const text of ['', '   ', '\n\t', '...', '!!!', '😀'.slice(0, 1), 'x'.repeat(5000), '\u0303n']) {
      const score = scoreText(text);
      assert.ok(Number.isFinite(score) && score >= 0 && score <= 1, JSON.stringify(text.slice(0, 10)));
    }
    assert.equal(scoreText(''), NEUTRAL_PROBABILITY);
  });

  it('stays within [0,1] even for long, saturated texts', () => {
    assert.ok(scoreText('triste '.repeat(2000)) <= 1);
    assert.ok(scoreText('feliz 😊 '.repeat(2000)) >= 0);
    assert.ok(scoreText('triste '.repeat(2000)) > scoreText('feliz '.repeat(2000)));
  });
});

describe('scoreTexts and the Scorer', () => {
  const texts = [...NEGATIVE, ...POSITIVE, ...NEUTRAL];

  it('is deterministic and agrees with scoreText', async () => {
    const out = scoreTexts(texts, new Float64Array(texts.length));
    assert.deepEqual([...out], texts.map(scoreText));
    const scorer = createLexiconScorer();
    assert.equal(scorer.modelName, LEXICON_MODEL_NAME);
    const first = await scorer.scoreBatch(texts);
    const second = await scorer.scoreBatch([...texts].reverse());
    assert.deepEqual([...first], [...second].reverse());
    assert.deepEqual([...first], [...out]);
  });

  it('rejects an output array that is too small', () => {
    assert.throws(() => scoreTexts(texts, new Float64Array(1)), RangeError);
  });

  it('returns an empty result for an empty batch', async () => {
    assert.equal((await createLexiconScorer().scoreBatch([])).length, 0);
  });
});

describe('the Spanish lexicon', () => {
  it('has hundreds of lemmas and thousands of forms', () => {
    const stats = describeLexicon();
    assert.ok(stats.lemmas >= 500, `${stats.lemmas} lemmas`);
    assert.ok(stats.forms > stats.lemmas);
    assert.ok(stats.emoji >= 50);
  });

  it('inflects adjectives, nouns and verbs', () => {
    assert.ok(inflectAdjective('cansado').includes('cansadísimas'.normalize('NFD').replace(/\p{M}/gu, '')));
    assert.ok(inflectAdjective('feliz').includes('felices'));
    assert.ok(inflectNoun('dolor').includes('dolores'));
    assert.ok(inflectNoun('lágrima').includes('lágrimas'));
    const forms = conjugateVerb('llorar');
    for (const form of ['lloro', 'lloraba', 'llorando', 'llorandome', 'lloraré', 'lloré'].map(foldWord)) {
      assert.ok(forms.map(foldWord).includes(form), form);
    }
    assert.ok(conjugateVerb('agradecer').includes('agradezco'));
    assert.ok(conjugateVerb('perder(pierdo)').includes('pierdo'));
  });
});
