// The OpenAPI document's header: what the route schemas cannot say (auth schemes, WebSockets, the NOTIFY contract).

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'aura-miner serve',
      version: '0.1.0',
      description: [
        'AURA Data Miner API: v1 (ETL and clustering, seed 001) and v2 (Chart.js JSON, real time).',
        '',
        'Per-user data and every execute endpoint need `Authorization: Bearer <token>` (AURA_API_TOKENS).',
        'Status and chart aggregates are public unless AURA_PUBLIC_AGGREGATES=false.',
        '',
        'WebSockets (not listed below as operations): `GET /api/v2/clustering/ws/live` (USER_RISK_UPDATE, CLUSTER_RUN)',
        'and `GET /api/v2/clustering/ws/alerts` (CRITICAL_ALERT). Authenticate by offering the subprotocols',
        '`aura.v1` and `bearer.<token>`, or by sending `{"type":"AUTH","token":"<token>"}` first (within 5 s).',
        'Messages: `{"type":"USER_RISK_UPDATE","payload":{"user_id","risk_level","previous_level","asi","votes","updated_at"}}`,',
        '`{"type":"CRITICAL_ALERT","payload":{...same...}}`, `{"type":"CLUSTER_RUN","payload":{"cluster_run_id","level_counts"}}`.',
        'A CRITICAL_ALERT for crisis language in the user\'s texts adds `"reason":"crisis_language"` (never any text).',
      ].join('\n'),
    },
    tags: [
      { name: 'v1 ETL', description: '/api/v1/data-miner' },
      { name: 'v1 clustering', description: '/api/v1/clustering' },
      { name: 'v2 real time', description: '/api/v2/clustering' },
      { name: 'operations', description: 'metrics and health' },
    ],
    components: { securitySchemes: { bearerAuth: { type: 'http' as const, scheme: 'bearer' } } },
  };
}
