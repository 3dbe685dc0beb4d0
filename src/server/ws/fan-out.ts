// From one NOTIFY payload to WebSocket messages: validate, route to live/alerts, drop duplicates, refresh caches.
import type { Logger } from '../../log.js';
import { parseRiskNotification, RecentChanges, routeRiskNotification, type RiskNotification } from '../../model/notify-contract.js';
import type { ClientHub, WsChannel } from './client-hub.js';

export interface FanOutDeps {
  hub: ClientHub;
  logger: Logger;
  /** Counts each notification by type ('invalid' for contract breaches). */
  count: (type: string) => void;
  /** Every valid notification (caches of what it changed are dropped). */
  onNotification: (n: RiskNotification) => void;
}

/** Returns the handler the listener calls with each raw payload. */
export function createFanOut(deps: FanOutDeps): (payload: string) => void {
  const recent = new RecentChanges();
  return (payload) => {
    const n = parseRiskNotification(payload);
    if (!n) {
      deps.count('invalid');
      // The payload is not logged: it may hold a user id.
      deps.logger.warn({ bytes: payload.length }, 'dropped a notification that breaks the aura_risk_updates contract');
      return;
    }
    deps.count(n.type);
    deps.onNotification(n);
    const routed = routeRiskNotification(n);
    for (const channel of Object.keys(routed) as WsChannel[]) {
      for (const message of routed[channel]) if (recent.isNew(channel, message)) deps.hub.broadcast(channel, message);
    }
  };
}
