// Lexicon v2 data beyond single polar words: spellings teenagers use, function words, and the phrase layer
// (multi-word expressions matched before the single words they contain), compiled by lexicon-es.ts.
//
// Phrase format: one phrase pattern per line, "<valence> slot slot ..."; a slot is one word or
// alternatives "a|b|c"; a slot ending in "?" may be left out. Every expansion is a phrase of its own.
// Words are folded like the text (no accents, case, letter runs collapsed), so accents are optional.

/**
 * Spellings mapped to the word they stand for, applied once per token (the alias shares the word's entry):
 * "<word> alias alias ...". The word itself needs no entry of its own: a plain word is added when missing.
 */
export const ALIASES = `
que q k ke qe
por x
porque xq pq porq xk xke pork
nada nd
tambien tmb tb tbn tambn
bien bn
estoy toy stoy
estas tas
estaba taba
quiero kiero qiero
quieres kieres
quiere kiere
quien kien
donde dnd
para pa pal
casa ksa
de d
del dl
todo tdo
todos tdos
feliz feli
amiga amix
muy mui
nadie nadien naiden
verdad vdd
`;

/**
 * Function words: inside a negation scope they are skipped, so "no me siento muy bien" still negates
 * "bien" (scope counts content words). Roles such as copulas and boosters are skipped as well.
 */
export const FILLERS = `
me te se lo la le les nos os mi mis tu tus su sus el los las un una unos unas de del al a en con que
para por la verdad ya tan asi aqui aca ahi hoy todavia aun
`;

/**
 * Words after a crisis phrase that show it is figurative ("me voy a cortar el pelo", "me quiero morir de
 * la vergüenza", "me mato estudiando" is caught by its gerund): seen within CRISIS_VETO_WINDOW words after
 * the phrase, they cancel the crisis flag ("rato": "quisiera desaparecer un rato" is a break, not ideation).
 * Laughter anywhere after the phrase does too.
 */
export const CRISIS_VETO_WORDS = `
pelo cabello flequillo uñas uña barba dedo cebolla
risa verguenza oso roche hambre sueño sed frio calor ganas amor ternura curiosidad aburrimiento emocion susto cansancio
temprano hasta grupo chat wsp whatsapp trabajo tarea tareas examen
rato
`;

/**
 * Crisis language (self-harm, suicidal ideation, hopelessness), first person, direct or indirect. A match
 * sets the text's crisis flag (unless a veto word or laughter follows) and gives the text CRISIS_VALENCE.
 * Third-person mentions ("el personaje se suicida") and topics ("una charla sobre el suicidio") are not here.
 */
export const CRISIS_PHRASES = `
# explicit suicide and self-harm words (first person)
suicidarme|suicidandome|kms|autolesionarme|autolesiono|autolesione|ahorcarme|colgarme|matarme
me suicido|suicidare|suicidaria
me voy|vuelvo a suicidar|matar|cortar|colgar|ahorcar|autolesionar
me quiero|queria|quisiera matar|morir|suicidar|cortar|colgar|ahorcar
me mato|corto|corte|cortaba|cortando|lastimo|lastime|autolesiono
me hago|hice daño
me estoy haciendo daño
hacerme daño
lastimarme|cortarme
volvi|volver a cortarme|lastimarme
me volvi a cortar|lastimar
estoy cortandome|cortando|lastimandome|haciendome
cortarme|cortar las venas|muñecas
quitarme la vida
acabar|terminar con mi vida
hasta sangrar
# wishes to die or not to exist
quiero|quisiera|queria|deseo|kiero morir|morirme|desaparecer|suicidarme|matarme|colgarme
ganas de morir|morirme|matarme|suicidarme|desaparecer|cortarme
me provoca|provocaba morir|morirme|matarme|cortarme|desaparecer|suicidarme
quiero|quisiera|desearia|ojala estar|estuviera muerto|muerta
no quiero estar vivo|viva
no merezco vivir
merezco morir
quitarme del medio
dormir|descansar para siempre
quiero acabar|terminar con todo
voy a acabar|terminar con todo
nadie me va a extrañar
nadie se daria cuenta
nadie se va a dar cuenta
tomarme|tomar|tome|tomo veneno|lejia|raticida
vale la pena vivir|seguir
vida|vivir no tiene sentido
nada vale la pena
ya no molesto|molestare a nadie
ya no voy a molestar
no creo que llegue a|al
pienso|pense|pensando|pensado|pensar en matarme|suicidarme|morirme|morir|colgarme|tirarme|cortarme|desaparecer
ojala me muera|muriera|muero|atropelle|mate
ojala no despertar|despertara|despierte|existir|existiera
ojala no haber|hubiera|hubiese nacido
que me atropelle|atropellen
que me muera
mejor me muero|muera|mato|desaparezco
nunca hubiera|hubiese nacido
no haber nacido
dejar de existir|vivir
no quiero vivir|existir|despertar
no quiero seguir viviendo|aqui|aca
quiero|quisiera no estar|existir|despertar
y no despertar
no despertar nunca|mas
no volver nunca
no estar aqui|aca|mas
no voy a estar mucho
ya no voy a estar
irme|ir de este mundo
irme|ir|desaparecer para siempre
estar en este mundo
sobro en este mundo
que sobro
cansado|cansada|harto|harta de vivir|existir
cansado|cansada|harto|harta de mi vida|la vida|esta vida
aguanto mas esta|mi vida
aguanto esta vida
quiero que todo|esto se? acabe|termine|acabara|terminara
que todo se acabe|termine
# not worth it, a burden, nobody would notice
mejor sin mi
mejor si no existiera|existo|estuviera|estoy
facil si no existiera|estuviera
facil no estar|existir
si yo? desapareciera|desaparezco|muriera|muero|existiera
si me muero|muriera
nadie me extrañaria|notaria|extrañara
nadie lo notaria|note|notaria
nadie le importaria|importara
soy una carga|molestia
soy un estorbo
mi vida no vale
no valgo nada
# hopelessness
no le veo|encuentro sentido
nada tiene sentido
no tiene sentido seguir|vivir|nada
para qué|que seguir|vivir|sigo
no tengo razones|razon|motivos|motivo para vivir
ninguna razon para vivir
ningun motivo para vivir
no hay salida
no tengo esperanza|esperanzas
sin esperanza|esperanzas
nada va a mejorar|cambiar
nunca va a mejorar
# method, means, farewells
tirarme|tirar|lanzarme|aventarme|botarme|saltar|salto|tiro de|del|desde|por|a la|el|un|una? puente|edificio|ventana|techo|balcon|azotea|pista|via|vias|tren|acantilado
tomarme|tome|tomo todas las pastillas
juntando|guardando pastillas
las pastillas listas
me quemo|pego|golpeo a proposito
me quemo|queme con el|un encendedor|cigarro|cigarrillo|plancha
me despedi de todos
ultima carta
mi ultima noche|vez|dia
perdonenme|perdoname|perdonen por lo que voy a hacer
dejo|regalo mis cosas
que aguantarme|soportarme
`;

/**
 * Phrases with their own valence, replacing the valence of their words: figurative uses of death
 * and killing, fixed expressions with a polar word that are not polar, idioms, regional multi-word slang.
 */
export const VALENCE_PHRASES = `
# figurative death: "me muero de risa / hambre / ganas", "ese video me mató": the word after "de" scores alone
0 muero|muere|morir|morirme|morirse|muriendo|mori|murio|muerto|muerta|muertos|muertas|mata|mato|mataste|mataron|matas|matan|matar|morimos de|del
0 estoy|toy|ando|quede que me muero
0 se|me murio|murieron|muere|muerto la|el|mi? celular|cel|celu|bateria|wifi|internet|compu|laptop|tablet|luz|planta|pila|carga
0 muero|muere|morir|morirme|morirse|muriendo|mori|murio|muerto|muerta|muertos|muertas|mata|mato|morimos de|del cansancio|sueño|hambre|sed|frio|calor|aburrimiento|curiosidad
-0.5 muero|muere|morir|morirme|morirse|muriendo|mori|muerto|muerta|mata|mato de|del verguenza|roche|oso|pena
0 de muerte
0 como muerto|muerta
-0.5 estoy|toy|quede muerto|muerta|muertos|muertas
0 me va|van a matar
0 me mata|matan si
1.5 de morirse|morir
1.5 me mataste|mata con
1.5 me partí|parti de risa
2 lloré|llore|lloro|llorar de risa|felicidad|alegria|emocion
# fixed expressions with polar words that are not polar
0 mejor amigo|amiga|amigos|amigas
0 a lo mejor
0 mejor lo|la|mañana|luego|despues
0 peor de los casos
0 de nada
0 no pasa nada
0 no hay problema
0 sin problema|problemas
0 ni modo
0 vale la pena
0 buenas|buenos noches|dias|tardes
0 esta bien
0 bueno ya
0 mas o menos
0 me da igual
0 menos mal
0 que pena que
0 no es para tanto
0 gracias a dios
0 mala noticia
0 malo no es
0 nada que ver
0 por si acaso
0 ni hablar
0 lo peor ya paso
0 de terror
0 que miedo
0 echo de menos las|los
0 pena de muerte
0 de mal en peor
0 pero bueno|bno|weno|igual
-0.5 corte|cortamos|corto con
0 no estoy seguro|segura
0 la basura
0 qué|que hora
1.5 nada mejor que
1.5 no hay nada mejor
1 nada mal
1 no me puedo quejar
1 no hay nada como
2 lo maximo|max
2 en las nubes
2 pez en el agua
# idioms and regional slang (Peru and Latin America) for feeling low, ashamed, angry, fed up
-2 hecho|hecha bolsa|pedazos|polvo|leña
-2 por los suelos
-2 agua hasta el cuello
-2 soga al cuello
-2 nudo en la garganta
-2 balde de agua fria
-2 cero a la izquierda
-1.5 oveja negra
-1.5 al reves
-2 se me vino el mundo encima
-1.5 corazon en la mano
-1.5 crespos hechos
-2 como el hoyo|orto|culo
-2 hasta el gorro|copete|moño
-2 ley del hielo
-1.5 mala onda
-1.5 dejaron|dejo|dejan|deja en visto
-1.5 dejaron|dejo|dejan plantado|plantada
-1.5 me terminó|termino
-2 me jalaron|jalan
-1.5 hacen|hicieron|dejan|dejaron|hacer a un lado
-1.5 hacen|hicieron|dejan|dejaron|hacer de lado
-1.5 dejan|dejaron|dejo fuera
-2 como si no existiera
-1 que lata|hueva|flojera
-1.5 que roche
-2 no me pela|pelan|pelaron
-2 me pelaron
-2 me choteo|chotearon|chotean
1.5 que bacan|chevere|piola
2 me invitaron
`;

/**
 * Topic frames: a talk, song or task *about* sadness does not make its writer sad. The next words of the
 * clause after a frame are read as a topic (no valence, no crisis).
 */
export const TOPIC_FRAMES = `
sobre
acerca de|del
se llama|llaman|titula|titulan
habla|hablaron|hablamos|hablo|hablan de|del
trata|tratan|trato de|del
charla|taller|campaña|prevencion|afiche|ensayo|exposicion|documental|trabajo|tarea|investigar|investigamos de|del|contra
contra el|la
que es el|la
`;

/** Phrases that end a negation and intensify what follows: "no paro de llorar" is a lot of crying. */
export const INTENSIFYING_PHRASES = `
no paro|para|paramos|dejo|deja|dejamos de
no quepo de
# "jamás me sentí tan sola" stresses "sola": never before this much
nunca|jamas me senti|sentia tan
nunca|jamas me habia sentido tan
nunca|jamas habia estado|estuve tan
`;
