// Community names and membership picks: popular communities attract most members, normal users span categories.
import type { SeedContext } from './context.js';
import type { Prng } from './prng.js';

const NAME_HEADS: Readonly<Record<string, readonly string[]>> = {
  Gaming: ['Clan', 'Liga Gamer', 'Speedrunners', 'Torneo de FIFA', 'Minecraft Crew', 'Valorant'],
  Música: ['Banda', 'Coro Juvenil', 'Rap y Freestyle', 'Guitarristas', 'K-pop Fans', 'Cajón Peruano'],
  Deporte: ['Fulbito', 'Vóley', 'Skate', 'Corredores', 'Básquet', 'Surf'],
  Arte: ['Taller de Dibujo', 'Muralistas', 'Fotografía', 'Teatro', 'Manga y Cómic', 'Cerámica'],
  Lectura: ['Club de Lectura', 'Fanfics', 'Poesía', 'Lectores de Fantasía', 'Booktok', 'Cuentacuentos'],
  Voluntariado: ['Manos Solidarias', 'Voluntarios por el Planeta', 'Ayuda Animal', 'Limpieza de Playas', 'Apoyo Escolar', 'Olla Común'],
  Ciencia: ['Robótica', 'Astronomía', 'Club de Química', 'Programación', 'Olimpiada de Mate', 'Biología Marina'],
};
const PLACES = ['Miraflores', 'San Isidro', 'Surco', 'Barranco', 'Lince', 'San Miguel', 'Callao', 'Arequipa', 'Cusco', 'Trujillo', 'Piura', 'Chiclayo', 'Iquitos', 'Huancayo', 'Ñaña'];

export function makeCommunityName(r: Prng, category: string): string {
  return `${r.pick(NAME_HEADS[category])} ${r.pick(PLACES)}`;
}

/**
 * `n` distinct community indexes (0-based), skewed towards low indexes (the popular ones). With
 * `spanCategories`, the first two picks have different categories, so a normal user's KPI 6 is >= 2.
 */
export function pickCommunities(r: Prng, ctx: SeedContext, n: number, spanCategories: boolean): number[] {
  const all = ctx.communities;
  const total = all.length;
  const chosen: number[] = [];
  for (let attempt = 0; chosen.length < Math.min(n, total) && attempt < 50 * n; attempt++) {
    const u = r.float();
    const c = Math.floor(total * u * u);
    if (chosen.includes(c)) continue;
    const sameAsFirst = chosen.length === 1 && all[c].category === all[chosen[0]].category;
    if (spanCategories && sameAsFirst) continue;
    chosen.push(c);
  }
  return chosen;
}
