// WS /api/v2/clustering/ws/live and /ws/alerts: authenticate (subprotocol or first message), then join the hub.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { readProtocolToken } from '../auth.js';
import { refuse, WS_PATH_PREFIX } from '../access-control.js';
import type { ServerContext } from '../server-context.js';
import { WS_CHANNELS, type WsChannel } from '../ws/client-hub.js';

/** Close code for a refused or late authentication (4000-4999 are application codes). */
export const WS_UNAUTHORIZED = 4401;

/**
 * Two ways to authenticate, neither in the URL (URLs end up in proxy logs):
 * 1. offer the subprotocols `aura.v1` and `bearer.<token>`: checked before the upgrade, a wrong token
 *    gets HTTP 401 and no socket;
 * 2. connect plainly and send `{"type":"AUTH","token":"<token>"}` as the first message within the
 *    timeout; otherwise the socket is closed with 4401.
 * Either way the server answers `{"type":"AUTH_OK","payload":{"channel":...}}` and only then sends updates.
 */
export async function websocketRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const preAuthenticated = new WeakSet<IncomingMessage>();

  const checkProtocolToken = async (request: FastifyRequest, reply: FastifyReply) => {
    const token = readProtocolToken(request.headers['sec-websocket-protocol']);
    if (token === undefined) return;
    if (!ctx.tokens.verify(token)) return refuse(reply, 'the bearer token is not valid');
    preAuthenticated.add(request.raw);
  };

  for (const channel of WS_CHANNELS) {
    app.get(`${WS_PATH_PREFIX}${channel}`, { websocket: true, onRequest: checkProtocolToken }, (socket, request) => {
      if (preAuthenticated.has(request.raw)) return admit(ctx, channel, socket);
      const timer = setTimeout(() => socket.close(WS_UNAUTHORIZED, 'authentication timeout'), ctx.wsAuthTimeoutMs);
      socket.once('close', () => clearTimeout(timer));
      socket.once('message', (data) => {
        clearTimeout(timer);
        if (ctx.tokens.verify(readAuthMessage(String(data)))) admit(ctx, channel, socket);
        else socket.close(WS_UNAUTHORIZED, 'unauthorized');
      });
    });
  }
}

function admit(ctx: ServerContext, channel: WsChannel, socket: WebSocket): void {
  ctx.hub.add(channel, socket);
  socket.send(JSON.stringify({ type: 'AUTH_OK', payload: { channel } }));
  ctx.logger.debug({ channel, clients: ctx.hub.stats().clients[channel] }, 'websocket client joined');
}

function readAuthMessage(text: string): string | undefined {
  try {
    const m = JSON.parse(text) as { type?: unknown; token?: unknown };
    return m.type === 'AUTH' && typeof m.token === 'string' ? m.token : undefined;
  } catch {
    return undefined;
  }
}
