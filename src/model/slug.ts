// Tag and category names as identifiers, compared accent- and case-insensitively.
const slugs = new Map<string, string>();

/**
 * Lower-case ASCII identifier for a tag or category ("Voluntariado" -> "voluntariado"). Tags repeat across
 * users, so results are memoised (bounded: the cache is cleared when it grows past 10,000 distinct tags).
 */
export function slug(s: string): string {
  let r = slugs.get(s);
  if (r === undefined) {
    if (slugs.size >= 10_000) slugs.clear();
    r = computeSlug(s);
    slugs.set(s, r);
  }
  return r;
}

function computeSlug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}
