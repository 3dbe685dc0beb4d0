// A response body built once and sent many times (charts, and for a second risk pages and kpi-trends): bytes, gzip bytes and an ETag, with 304 and gzip negotiation.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CachedBody {
  contentType: string;
  body: Buffer;
  gzip: Buffer;
  etag: string;
  /** Sent as x-cluster-run-id: which cluster run a chart shows. */
  clusterRunId?: number;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

export function buildCachedBody(text: string, contentType: string, clusterRunId?: number): CachedBody {
  const body = Buffer.from(text, 'utf8');
  return { contentType, body, gzip: gzipSync(body, { level: 6 }), etag: `"${createHash('sha1').update(body).digest('base64url')}"`, clusterRunId };
}

/**
 * Browsers revalidate with If-None-Match (304, no body) and accept gzip (a 120 KB scatter becomes 30 KB),
 * so a dashboard refresh costs almost nothing.
 */
export function sendCachedBody(request: FastifyRequest, reply: FastifyReply, c: CachedBody): FastifyReply {
  // Appended: the CORS plugin's `Vary: Origin` must survive (a shared cache would hand one origin's answer to another).
  const vary = reply.getHeader('vary');
  reply.header('etag', c.etag).header('cache-control', 'no-cache').header('vary', vary ? `${String(vary)}, accept-encoding` : 'accept-encoding');
  if (c.clusterRunId !== undefined) reply.header('x-cluster-run-id', String(c.clusterRunId));
  if (request.headers['if-none-match'] === c.etag) return reply.code(304).send();
  const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  if (gzip) reply.header('content-encoding', 'gzip');
  return reply.type(c.contentType).send(gzip ? c.gzip : c.body);
}
