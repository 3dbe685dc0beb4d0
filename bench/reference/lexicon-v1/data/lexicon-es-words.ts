// lexicon-es-v1 as shipped (commit 159ea99), kept verbatim for the throughput bench's v1 ratio only: nothing in src/ uses it.
// Hand-written Spanish polarity word lists (teenage / social-media register) that lexicon-es.ts expands and compiles.
//
// Format of the polar lists: one tier per line, "<valence> word word ...". Valence follows AFINN
// (negative = negative feeling, roughly -4..+3). "word/N" gives the valence the word takes when it is
// negated, for words whose negation means more than a flip ("no quiero vivir", "no tengo amigos",
// "nadie me entiende"); otherwise negation flips the valence (see lexicon.ts). Accents are optional
// here: every key is folded the same way as the text (normalize-text.ts).
// Self-harm and hopelessness words get the strongest weights on purpose: the score feeds a risk index.

/** Exact forms, no inflection: interjections, slang, irregular verb forms, words with special negation. */
export const EXACT_WORDS = `
-4 suicidarme suicidarse suicidandome suicidarnos matarme matarse matandome mátate autolesionarme autolesionarse kms
-3.5 suicida suicidas cortarme cortandome cortarse morirme morirse muriendome
-3 muero mueres muere morir morimos mueren muera mueras murio mori morire morira moriria muriendo
-3 depressed
-2.5 depre depres fatal mierda muerto muerta muertos muertas infierno fml anxiety kys llorera lloreras
-2 mal peor peores asco bajon bajonazo bajones sad hate lonely crying sobro estorbo rindo rendirme pendejo pendeja gilipollas zorra
-1.5 nadie/-1.5 jodido jodida pena penas bua snif cry mamon cabron cabrona capullo pringado pringada
-1 meh cringe carga joder puta puto uff ugh aff agh argh wtf tired ptm alv corte cortes
-0.5 pff puf
0/-2.5 sirvo valgo importo
0/-2 entiende entienden entendes sentido aguanto soporto salida fuerzas
0/-1.5 sirve importas duermo dormir aguantar soportar quieres
0/-1 puedo importa
0.5/-3 vivir vida
0.5/-2 ganas quiere quieren futuro amigos amigas amigo amiga
0.5/-1.5 solucion
0.5/-0.3 quiero
0.5 ok okay okey
1/-1.5 vale
1 xd lol jeje buen tranqui owo fiera
1.5 bien bn wow nice cool top crack genio genia god guapi cuqui cuki uwu chilero
2 gracias grax thx thanks yay yei yupi love happy tq mola molan guay chido chida chidos chidas chevere cheveres bacan bacanes bkn padrisimo padrisima
2 riendo rio rie rien rei reimos reir reirme riendome sonrio sonrie sonrien sonrei sonreir sonriendo divierto divirtiendo diverti divertimos divertirme
2.5 tqm tkm ily teamo tequiero
`;

/** Adjectives, expanded to gender, number, -ísimo, -ito and -mente forms. */
export const ADJECTIVES = `
-3 deprimido desesperado destrozado fracasado miserable abusado acosado desconsolado
-2.5 triste deprimente despreciable traumatizado maltratado odiado despreciado horroroso espantoso horrendo infeliz inutil abandonado rechazado humillado decepcionado angustiado desgraciado hundido horrible terrible pesimo asqueroso odioso destruido incomprendido vacio
-2 malo solitario ansioso asustado herido dolido frustrado enojado enfadado furioso harto agobiado agobiante estresado estresante culpable maldito estupido idiota imbecil injusto aislado excluido marginado atrapado ignorado avergonzado lastimado traicionado enfermo
-2 insignificante indeseado patetico tragico desanimado desmotivado abatido afligido acomplejado asfixiado impotente traumado golpeado discriminado exhausto violento malvado tarado subnormal nefasto
-2 aterrado aterrorizado insoportable doloroso penoso cruel toxico podrido perdedor mentiroso falso hipocrita asqueado ahogado roto
-1.5 invisible ridiculo amargo desganado apagado bloqueado estancado inferior paranoico olvidado reemplazado desplazado irritado histerico fatigado hostil agresivo grosero egoista cobarde mediocre
-1.5 cansado agotado aburrido molesto nervioso preocupado inseguro debil feo tonto celoso confundido perdido encerrado amargado llorón bajoneado cansador chungo pesado rayado
-1 dificil duro incomodo oscuro fastidiado raro gordo tenso mareado quemado
1 bueno util facil comodo sano tranquilo mejor sereno sincero honesto acompañado escuchado interesante
1.5 pleno flipante comprensivo generoso leal inspirado inspirador agradable risueño aliviado apasionado valioso apoyado comprendido aceptado amigable entretenido chulo legendario
1.5 relajado valiente capaz especial dulce tierno amable simpatico gracioso chistoso inteligente positivo optimista animado favorito sabroso rico libre guapo querido
2 radiante alucinante maravillado fascinante fascinado adorable euforico sonriente emocionante bacano epico enamorado
2 contento alegre divertido orgulloso bonito lindo precioso emocionado ilusionado agradecido afortunado bendecido motivado amado cariñoso exitoso satisfecho encantado encantador brillante impresionante asombroso delicioso entusiasmado bello
2.5 feliz genial increible hermoso excelente perfecto fantastico espectacular estupendo fenomenal maravilloso divino
`;

/** Nouns, expanded to their plural. */
export const NOUNS = `
-3.5 suicidio autolesion
-3 desesperacion desesperanza depresion muerte acoso ciberacoso bullying agonia tortura odio sobredosis
-2.5 tragedia violencia maltrato recaida
-2.5 tristeza soledad ansiedad angustia dolor sufrimiento fracaso desgracia panico traicion humillacion llanto miseria verguenza
-2 desprecio rencor resentimiento desamor ruptura luto funeral entierro cancer desastre catastrofe amenaza agresion discriminacion racismo temor remordimiento melancolia hartazgo agotamiento navaja cuchilla
-2 miedo terror lagrima herida daño culpa rabia decepcion desilusion estres agobio pesadilla insomnio rechazo abuso golpe pelea insulto burla basura trauma crisis
-1.5 accidente castigo bronca peligro machismo fobia lamento arrepentimiento fatiga ataque sangre
-1 despedida hospital regaño drama error caos nostalgia nervio
-1.5 problema cansancio aburrimiento preocupacion inseguridad frustracion envidia celos mentira presion oscuridad cicatriz enfermedad discusion grito injusticia
1 fiesta amistad fuerza calma regalo finde broma chiste viaje sorpresa respeto hogar salud crush
1.5 emocion pasion motivacion inspiracion admiracion compañia milagro fortuna tesoro libertad relax armonia idolo mimo
1.5 esperanza/-2.5 suerte animo apoyo vacaciones placer gusto alivio tranquilidad confianza premio belleza beso abrazo cumpleaños
2 carcajada gozo dicha entusiasmo gratitud agradecimiento ternura afecto triunfo bienestar
2 amor felicidad alegria ilusion paz risa sonrisa cariño exito logro orgullo diversion bendicion victoria maravilla
`;

/** Verbs given by infinitive, expanded to regular conjugations and clitic forms; "(a,b)" adds irregular forms. */
export const VERBS = `
-3.5 suicidar autolesionar
-3 odiar
-2.5 sufrir llorar acosar traicionar humillar destrozar torturar detestar maltratar sollozar
-2 arruinar despreciar amenazar aterrar sangrar derrumbar hundir
-2 lastimar fracasar decepcionar abandonar rechazar insultar golpear engañar burlar desaparecer agobiar ahogar estresar deprimir angustiar asfixiar aborrecer
-2 doler(duele,duelen,duela,duelan,duelo)
-1.5 fastidiar castigar criticar aislar temer lamentar vomitar colapsar agotar empeorar
-1.5 mentir(miento,mientes,miente,mienten) temblar(tiemblo,tiemblas,tiembla,tiemblan)
-1 romper regañar juzgar quejar explotar fingir
-1.5 molestar preocupar discutir pelear gritar fallar ignorar aburrir cansar suspender asustar enojar enfadar frustrar culpar extrañar
-1.5 perder(pierdo,pierdes,pierde,pierden,pierda,pierdas,pierdan) reprobar(repruebo,repruebas,reprueba,reprueban)
2 disfrutar celebrar lograr triunfar alegrar agradecer encantar amar festejar felicitar fascinar gozar enamorar
2.5 adorar
1.5 gustar ganar apoyar abrazar mejorar superar emocionar ilusionar animar confiar admirar sanar brillar
1.5 aprobar(apruebo,apruebas,aprueba,aprueban) vencer(venzo,venza,venzas) motivar inspirar mimar curar
1 besar bailar relajar descansar cuidar respetar valorar acompañar recomendar cumplir alcanzar flipar sorprender recuperar perdonar aceptar
`;

/** Words that negate the next few words. "nadie" also carries its own valence in EXACT_WORDS. */
export const NEGATORS = 'no nunca jamas ni tampoco nada sin ningun ninguno ninguna ningunos ningunas nadie';

/** Intensifiers and diminishers with the factor they apply to the next polar word. */
export const BOOSTERS: Readonly<Record<string, number>> = {
  muy: 1.5, demasiado: 1.5, demasiada: 1.5, super: 1.5, re: 1.3, tan: 1.4, tanto: 1.3, tanta: 1.3,
  bastante: 1.3, mucho: 1.3, mucha: 1.3, muchisimo: 1.7, muchisima: 1.7, extremadamente: 1.8,
  totalmente: 1.5, completamente: 1.5, sumamente: 1.6, realmente: 1.3, mega: 1.5, hiper: 1.5,
  ultra: 1.5, increiblemente: 1.6, terriblemente: 1.6, horriblemente: 1.6, full: 1.4, tremendamente: 1.6,
  // "bien" is also polar (EXACT_WORDS): followed by a polar word it only intensifies ("bien triste").
  bien: 1.4,
  poco: 0.5, algo: 0.6, medio: 0.6, ligeramente: 0.5, apenas: 0.5, casi: 0.7,
};

/** "pero" ("sin embargo": "embargo", which also closes the negation "sin" opened) halves what came before and weights what follows (the clause after "but" carries the opinion). */
export const CONTRASTS = 'pero embargo';

/**
 * Verbs after which "solo"/"sola" means lonely rather than "only". Forms of "ser" are left out on purpose:
 * "es solo un juego" is the everyday "only".
 */
export const COPULAS = `
estoy estas esta estamos estan estaba estabas estaban estuve estuvo estar sentir siento sientes siente sienten senti sentia
quede quedo quedaste quedamos quedar sigo sigue seguir vivo vive dejaron dejo dejaste dejan dejas
`;

/** Words whose loneliness sense needs a copula before them: alone they mostly mean "only". */
export const COPULA_DEPENDENT = `
-2 solo sola solos solas solito solita solitos solitas
`;

/** Generated forms dropped because they collide with common neutral words. */
export const EXCLUDED_FORMS = `
ganas anime cura curas raya mente mentes menta mentas tema temas motivo motivos
`;

/** Emoji and symbols by code point, with the same valence scale. */
export const EMOJI: ReadonlyArray<readonly [codePoint: number, valence: number]> = [
  [0x1f622, -2], [0x1f62d, -2.5], [0x1f494, -2.5], [0x1f61e, -2], [0x1f614, -2], [0x1f61f, -1.5],
  [0x1f625, -2], [0x1f629, -2], [0x1f62b, -2], [0x1f616, -2], [0x1f623, -2], [0x2639, -2],
  [0x1f641, -1.5], [0x1f63f, -2], [0x1f630, -2], [0x1f628, -2], [0x1f631, -1.5], [0x1f621, -2],
  [0x1f620, -2], [0x1f92c, -2.5], [0x1f624, -1], [0x1f612, -1], [0x1f62a, -1], [0x1f613, -1.5],
  [0x1f97a, -1], [0x1f940, -1.5], [0x1f52a, -2], [0x1f915, -1.5], [0x1f912, -1], [0x1f615, -1],
  [0x1f972, -0.5], [0x1f5a4, -0.5], [0x1f635, -1], [0x1f644, -1], [0x1f611, -0.5],
  [0x1f60a, 2], [0x1f602, 2], [0x2764, 2], [0x1f389, 2], [0x1f600, 2], [0x1f603, 2], [0x1f604, 2],
  [0x1f601, 2], [0x1f606, 2], [0x1f605, 0.5], [0x1f923, 2], [0x1f642, 1], [0x1f60d, 2.5], [0x1f970, 2.5],
  [0x1f618, 2], [0x1f617, 1], [0x1f619, 1.5], [0x1f61a, 1.5], [0x263a, 2], [0x1f917, 2], [0x1f973, 2.5],
  [0x1f60e, 1.5], [0x1f929, 2.5], [0x1f44d, 1], [0x1f44f, 1.5], [0x1f64c, 1.5], [0x1f495, 2],
  [0x1f496, 2], [0x1f497, 2], [0x1f493, 2], [0x1f49e, 2], [0x1f498, 2], [0x1f49d, 2], [0x1f499, 1.5],
  [0x1f49a, 1.5], [0x1f49b, 1.5], [0x1f49c, 1.5], [0x1f9e1, 1.5], [0x1f90d, 1.5], [0x2665, 2],
  [0x2728, 0.5], [0x1f308, 1], [0x2b50, 0.5], [0x1f31f, 1], [0x1f4aa, 1], [0x1f64f, 1], [0x1f382, 1.5],
  [0x1f38a, 2], [0x1f607, 1.5], [0x1f60b, 1.5], [0x1f60c, 1], [0x1f63a, 1.5], [0x1f638, 1.5],
  [0x1f63b, 2], [0x1f48b, 1.5], [0x1f44e, -1],
  [0x1fae0, -0.5], [0x1f979, 0.5], [0x1f62c, -0.5], [0x1fac2, 1.5], [0x1f4af, 1], [0x1f525, 1], [0x1f595, -1.5],
  [0x1f92e, -2], [0x1f922, -1.5],
];
