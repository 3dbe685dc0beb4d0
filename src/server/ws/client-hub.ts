// Authenticated WebSocket clients per channel: fan-out, heartbeats, and dropping slow or dead clients.
import type { WebSocket } from 'ws';

export type WsChannel = 'live' | 'alerts';
export const WS_CHANNELS: readonly WsChannel[] = ['live', 'alerts'];

export interface ClientHubOptions {
  /** Ping interval; a client that has not answered the previous ping by the next one is dropped. @default 30000 */
  heartbeatMs?: number;
  /** A client with more than this many bytes queued is dropped instead of buffering without bound. @default 1 MiB */
  maxBufferedBytes?: number;
}

export interface HubStats {
  clients: Record<WsChannel, number>;
  sent: number;
  droppedSlow: number;
  droppedDead: number;
}

interface Client {
  alive: boolean;
}

export class ClientHub {
  private readonly channels: Record<WsChannel, Map<WebSocket, Client>> = { live: new Map(), alerts: new Map() };
  private readonly maxBuffered: number;
  private readonly timer: NodeJS.Timeout;
  private readonly counters = { sent: 0, droppedSlow: 0, droppedDead: 0 };

  constructor(opts: ClientHubOptions = {}) {
    this.maxBuffered = opts.maxBufferedBytes ?? 1 << 20;
    this.timer = setInterval(() => this.heartbeat(), opts.heartbeatMs ?? 30_000);
    this.timer.unref();
  }

  add(channel: WsChannel, ws: WebSocket): void {
    const client: Client = { alive: true };
    this.channels[channel].set(ws, client);
    ws.on('pong', () => (client.alive = true));
    ws.once('close', () => this.channels[channel].delete(ws));
  }

  /** Sends one message to every client of a channel; the JSON is built once. Returns clients reached. */
  broadcast(channel: WsChannel, message: unknown): number {
    const text = JSON.stringify(message);
    let reached = 0;
    for (const ws of this.channels[channel].keys()) {
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount > this.maxBuffered) {
        // A client that cannot keep up would hold every later message in memory: drop it, it reconnects.
        this.counters.droppedSlow++;
        this.drop(channel, ws);
        continue;
      }
      ws.send(text);
      reached++;
    }
    this.counters.sent += reached;
    return reached;
  }

  stats(): HubStats {
    return { clients: { live: this.channels.live.size, alerts: this.channels.alerts.size }, ...this.counters };
  }

  /** Closes every client with 1001 (going away) and stops the heartbeat. */
  close(): void {
    clearInterval(this.timer);
    for (const channel of WS_CHANNELS) {
      for (const ws of this.channels[channel].keys()) ws.close(1001, 'server shutting down');
      this.channels[channel].clear();
    }
  }

  private heartbeat(): void {
    for (const channel of WS_CHANNELS) {
      for (const [ws, client] of this.channels[channel]) {
        if (!client.alive) {
          this.counters.droppedDead++;
          this.drop(channel, ws);
          continue;
        }
        client.alive = false;
        ws.ping();
      }
    }
  }

  private drop(channel: WsChannel, ws: WebSocket): void {
    this.channels[channel].delete(ws);
    ws.terminate();
  }
}
