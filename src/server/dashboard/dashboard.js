// aura-miner dashboard: charts from /api/v2/clustering/data/*, status, high-risk list and ws/live + ws/alerts.
'use strict';

(() => {
  const API = '/api/v2/clustering';
  const LEVELS = { high: 'Alto riesgo', moderate: 'Riesgo moderado', low: 'Bajo riesgo' };
  const LEVEL_INDEX = { high: 0, moderate: 1, low: 2 };
  const TOKEN_KEY = 'aura-miner-token';
  const FEED_MAX = 50;
  const $ = (id) => document.getElementById(id);
  const numberEs = new Intl.NumberFormat('es');
  const asiEs = new Intl.NumberFormat('es', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const RUN_STATUS = { succeeded: 'correcto', failed: 'fallido', running: 'en curso' };
  const LISTENER_STATE = { listening: 'activa', connecting: 'conectando', reconnecting: 'reconectando', stopped: 'detenida' };
  const timeEs = new Intl.DateTimeFormat('es', { dateStyle: 'short', timeStyle: 'medium' });
  const valueEs = new Intl.NumberFormat('es', { maximumFractionDigits: 2 });
  // Reason and fence names (the API's kpi field) in Spanish, with their units: /dashboard/kpi-names.js, made
  // from the KPI registry (src/model/kpis.ts) by the server.
  const KPI_NAMES = window.AURA_KPI_NAMES || {};
  const kpiName = (kpi) => KPI_NAMES[kpi] || kpi;
  let selectedUser;

  // The token stays in this tab only (sessionStorage), never in a URL.
  let token = sessionStorage.getItem(TOKEN_KEY) || '';
  const charts = {};
  const sockets = {};
  let retry = 0;
  let highRiskTimer;

  const CHARTS = {
    distribution: { type: 'bar', options: { plugins: { legend: { display: false } } } },
    scatter: { type: 'scatter', options: { scales: { x: { title: { display: true, text: 'PC1' } }, y: { title: { display: true, text: 'PC2' } } } } },
    radar: { type: 'radar', options: { scales: { r: { min: 0, max: 1 } } } },
    'risk-severity-histogram': { type: 'bar', options: { plugins: { legend: { display: false } }, scales: { x: { title: { display: true, text: 'Severidad (0-100)' } } } } },
    'severity-histogram': { type: 'bar', options: { plugins: { legend: { display: false } }, scales: { x: { title: { display: true, text: 'ASI (0-100)' } } } } },
  };

  function headers() {
    return token ? { authorization: `Bearer ${token}` } : {};
  }

  async function getJson(path) {
    const res = await fetch(path, { headers: headers() });
    if (!res.ok) {
      const err = new Error(`HTTP ${res.status}`);
      err.status = res.status;
      throw err;
    }
    return res.json();
  }

  function setIndicator(state, text) {
    $('connection').dataset.state = state;
    $('connection-text').textContent = text;
  }

  async function loadCharts() {
    const problems = [];
    await Promise.all(
      Object.entries(CHARTS).map(async ([name, spec]) => {
        try {
          const data = await getJson(`${API}/data/${name}?lang=es`);
          if (charts[name]) {
            charts[name].data = data;
            charts[name].update();
          } else {
            charts[name] = new Chart($(`chart-${name}`), { type: spec.type, data, options: { animation: false, responsive: true, maintainAspectRatio: false, ...spec.options } });
          }
        } catch (err) {
          problems.push(err.status === 401 ? 'los gráficos requieren un token' : err.status === 404 ? 'todavía no hay ninguna ejecución de clustering' : `error al cargar ${name}`);
        }
      }),
    );
    $('charts-message').textContent = [...new Set(problems)].join('; ');
  }

  async function loadStatus() {
    try {
      const s = await getJson(`${API}/status`);
      const when = (iso) => (iso ? timeEs.format(new Date(iso)) : '—');
      $('status-etl').textContent = s.last_etl_run ? `${when(s.last_etl_run.finished_at)} · ${numberEs.format(s.last_etl_run.users ?? 0)} usuarios · ${RUN_STATUS[s.last_etl_run.status] ?? s.last_etl_run.status}` : 'ninguno';
      $('status-cluster').textContent = s.last_cluster_run ? `${when(s.last_cluster_run.finished_at)} · ${RUN_STATUS[s.last_cluster_run.status] ?? s.last_cluster_run.status}` : 'ninguno';
      $('status-clients').textContent = `${s.websocket_clients.live} en vivo · ${s.websocket_clients.alerts} alertas`;
      $('status-listener').textContent = LISTENER_STATE[s.listener.state] ?? s.listener.state;
    } catch {
      $('status-listener').textContent = 'no disponible';
    }
  }

  async function loadHighRisk() {
    const body = $('high-risk').querySelector('tbody');
    if (!token) {
      body.replaceChildren();
      $('high-risk-hint').textContent = 'Introduzca un token para ver la lista.';
      return;
    }
    try {
      // The server's order: highest severity first (sort=asi would give the seed's order).
      const page = await getJson(`${API}/data/high-risk-users?limit=25`);
      body.replaceChildren(
        ...page.users.map((u) => {
          const tr = document.createElement('tr');
          const reasons = u.reasons.map((r) => kpiName(r.kpi)).join(', ');
          tr.append(cell(u.user_id.slice(0, 8), 'code'), cell(asiEs.format(u.severity), 'num'), cell(reasons), cell(asiEs.format(u.asi), 'num'), cell(String(u.votes), 'num'), cell(timeEs.format(new Date(u.updated_at))));
          tr.title = u.user_id;
          tr.dataset.userId = u.user_id;
          tr.tabIndex = 0;
          tr.setAttribute('aria-selected', String(u.user_id === selectedUser));
          tr.addEventListener('click', () => showUser(u.user_id));
          tr.addEventListener('keydown', (event) => event.key === 'Enter' && showUser(u.user_id));
          return tr;
        }),
      );
      $('high-risk-hint').textContent = page.users.length ? `Los ${page.users.length} con mayor severidad.` : 'No hay usuarios en alto riesgo.';
    } catch (err) {
      body.replaceChildren();
      $('high-risk-hint').textContent = err.status === 401 ? 'Token no válido.' : 'No se pudo cargar la lista.';
    }
  }

  // One user's KPIs against the run's fences and their values over past runs (token required).
  async function showUser(userId) {
    selectedUser = userId;
    for (const tr of $('high-risk').querySelectorAll('tbody tr')) tr.setAttribute('aria-selected', String(tr.dataset.userId === userId));
    const panel = $('user-detail');
    try {
      const u = await getJson(`${API}/users/${userId}`);
      $('user-detail-title').textContent = `Usuario ${u.user_id.slice(0, 8)} · severidad ${asiEs.format(u.severity)} · ASI ${asiEs.format(u.asi)} · ${LEVELS[u.risk_level]}`;
      $('user-kpis').querySelector('tbody').replaceChildren(
        ...u.kpis.map((k) => {
          const tr = document.createElement('tr');
          tr.dataset.beyond = String(k.beyond);
          tr.dataset.kpi = k.kpi;
          tr.append(cell(kpiName(k.kpi)), cell(k.value === null ? '—' : valueEs.format(k.value), 'num'), cell(valueEs.format(k.fence), 'num'), cell(k.risk_side === 'below' ? 'por debajo' : 'por encima'));
          return tr;
        }),
      );
      const head = document.createElement('tr');
      head.append(cell('Ejecución'), ...u.kpis.map((k) => cell(kpiName(k.kpi))));
      $('user-history').querySelector('thead').replaceChildren(head);
      $('user-history').querySelector('tbody').replaceChildren(
        ...u.history.map((h) => {
          const tr = document.createElement('tr');
          tr.append(cell(timeEs.format(new Date(h.extraction_date))), ...u.kpis.map((k) => cell(valueEs.format(h.values[k.kpi]), 'num')));
          return tr;
        }),
      );
      panel.hidden = false;
    } catch (err) {
      $('user-detail-title').textContent = err.status === 401 ? 'Token no válido.' : 'No se pudo cargar el usuario.';
      panel.hidden = false;
    }
  }

  function cell(text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls === 'num') td.className = 'num';
    if (cls === 'code') td.style.fontFamily = 'monospace';
    return td;
  }

  function onRiskUpdate(p) {
    const li = document.createElement('li');
    li.dataset.level = p.risk_level;
    const from = p.previous_level ? LEVELS[p.previous_level] : 'sin nivel';
    const severity = typeof p.severity === 'number' ? ` · severidad ${asiEs.format(p.severity)}` : '';
    li.textContent = `${timeEs.format(new Date(p.updated_at))} · usuario ${p.user_id.slice(0, 8)} · ${from} → ${LEVELS[p.risk_level]}${severity} · ASI ${asiEs.format(p.asi)}`;
    $('live-feed').prepend(li);
    while ($('live-feed').children.length > FEED_MAX) $('live-feed').lastElementChild.remove();
    // Move the user between bars at once; the next cluster run brings the exact chart.
    const dist = charts.distribution;
    if (dist && p.previous_level !== p.risk_level) {
      const data = dist.data.datasets[0].data;
      if (p.previous_level) data[LEVEL_INDEX[p.previous_level]] = Math.max(0, data[LEVEL_INDEX[p.previous_level]] - 1);
      data[LEVEL_INDEX[p.risk_level]] += 1;
      dist.update();
    }
    clearTimeout(highRiskTimer);
    highRiskTimer = setTimeout(loadHighRisk, 1000);
  }

  function showAlert(p) {
    const el = $('alert');
    const severity = typeof p.severity === 'number' ? `severidad ${asiEs.format(p.severity)}, ` : '';
    el.textContent = `Alerta crítica: el usuario ${p.user_id.slice(0, 8)} pasó a alto riesgo (${severity}ASI ${asiEs.format(p.asi)}, ${p.votes} votos) a las ${timeEs.format(new Date(p.updated_at))}.`;
    el.hidden = false;
  }

  function wsUrl(channel) {
    return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${API}/ws/${channel}`;
  }

  function connect(channel) {
    if (!token) return;
    const ws = new WebSocket(wsUrl(channel), ['aura.v1', `bearer.${token}`]);
    sockets[channel] = ws;
    if (channel === 'live') setIndicator('connecting', 'Conectando…');
    ws.onmessage = (event) => {
      const msg = JSON.parse(event.data);
      if (msg.type === 'AUTH_OK' && channel === 'live') {
        retry = 0;
        setIndicator('online', 'En vivo');
      } else if (msg.type === 'USER_RISK_UPDATE') onRiskUpdate(msg.payload);
      // ws/live carries the alerts too (for the seed's clients); the dashboard shows them from ws/alerts.
      else if (msg.type === 'CRITICAL_ALERT' && channel === 'alerts') showAlert(msg.payload);
      else if (msg.type === 'CLUSTER_RUN') refreshAll();
    };
    ws.onclose = () => {
      if (sockets[channel] !== ws) return;
      delete sockets[channel];
      if (!token) return;
      if (channel === 'live') setIndicator('offline', 'Desconectado: reintentando…');
      // A refused handshake looks like any other close in a browser: ask the API whether the token is good.
      fetch(`${API}/data/high-risk-users?limit=1`, { headers: headers() }).then((res) => {
        if (res.status === 401) {
          if (channel === 'live') setIndicator('refused', 'Token rechazado');
          return;
        }
        const delay = Math.min(30000, 1000 * 2 ** retry++);
        setTimeout(() => connect(channel), delay);
      }, () => setTimeout(() => connect(channel), 5000));
    };
  }

  function disconnect() {
    for (const [channel, ws] of Object.entries(sockets)) {
      delete sockets[channel];
      ws.close();
    }
  }

  function refreshAll() {
    return Promise.all([loadCharts(), loadStatus(), loadHighRisk()]);
  }

  function start() {
    disconnect();
    if (token) {
      $('token-message').textContent = 'Token guardado solo en esta pestaña.';
      connect('live');
      connect('alerts');
    } else setIndicator('no-token', 'Sin token: sin datos en vivo');
    return refreshAll();
  }

  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    token = $('token').value.trim();
    $('token').value = '';
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
    start();
  });
  $('forget-token').addEventListener('click', () => {
    token = '';
    selectedUser = undefined;
    $('user-detail').hidden = true;
    sessionStorage.removeItem(TOKEN_KEY);
    $('token-message').textContent = 'Token olvidado.';
    start();
  });

  start();
  setInterval(loadStatus, 15000);
})();
