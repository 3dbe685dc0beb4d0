// Timestamps in microseconds since the Unix epoch, PostgreSQL's own precision (a JS Date keeps only milliseconds).

/** ISO-8601 with microseconds, exact for PostgreSQL. */
export function formatMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const micro = us - ms * 1000;
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${iso.slice(0, 23)}${String(micro).padStart(3, '0')}Z`;
}

/** The inverse of formatMicros; also reads fewer fractional digits. Throws on anything else. */
export function parseMicros(iso: string): number {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?Z$/.exec(iso);
  const seconds = m ? Date.parse(`${m[1]}Z`) : NaN;
  if (!m || Number.isNaN(seconds)) throw new Error(`not an ISO-8601 UTC timestamp: ${iso.slice(0, 40)}`);
  return seconds * 1000 + Number((m[2] ?? '').padEnd(6, '0'));
}
