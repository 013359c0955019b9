// The help desk dashboard: fetches GET /api/dashboard and draws it with Chart.js (the global
// `Chart`, from /dashboard/chart.js). What users wrote is shown as text, never as HTML.
'use strict';

(() => {
  /** The reports token, asked once per browser tab: the API wants it as a bearer header. */
  const TOKEN_KEY = 'helpdesk-reports-token';
  const COLORS = { answer: '#2e7d32', clarify: '#f9a825', none: '#c62828', unknownCode: '#6a1b9a', escalated: '#ef6c00', open: '#1565c0', assigned: '#f9a825', resolved: '#2e7d32', take: '#1565c0', resolve: '#2e7d32', rate: '#464775' };
  const byId = (id) => document.getElementById(id);

  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;

  /** The reports token as the API wants it, when one was given. */
  function authorization() {
    const token = sessionStorage.getItem(TOKEN_KEY);
    return token ? { Authorization: `Bearer ${token}` } : {};
  }

  async function load() {
    const token = sessionStorage.getItem(TOKEN_KEY);
    byId('problem').hidden = true;
    let response;
    try {
      response = await fetch('/api/dashboard', { headers: authorization(), cache: 'no-store' });
    } catch (error) {
      return showProblem(`The bot did not answer: ${error.message}`);
    }
    if (response.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      return askForToken(token ? 'That token was not accepted.' : 'This bot serves the dashboard with its reports token.');
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) return showProblem(body.error || `The bot answered ${response.status}.`);
    byId('sign-in').hidden = true;
    render(body);
    await loadSuggestions();
  }

  /** The tables of learning from use: each row with a checkbox, and the buttons that decide on the rows selected. */
  const LEARNING = [
    { table: 'suggestions', selectAll: 'select-all', buttons: ['accept-selected', 'reject-selected'] },
    { table: 'accepted-phrasings', selectAll: 'select-all-accepted', buttons: ['withdraw-selected'] },
  ];

  /** Suggested and accepted phrasings; what was selected stays selected if still listed. */
  async function loadSuggestions() {
    const response = await fetch('/api/suggestions', { headers: authorization(), cache: 'no-store' }).catch(() => undefined);
    const body = response && (await response.json().catch(() => ({})));
    if (!response?.ok) return note(body?.error || 'The suggested phrasings could not be read.');
    // An accepted suggestion keeps its id in the other table: what is kept selected is per table.
    const selected = Object.fromEntries(LEARNING.map(({ table }) => [table, new Set(selectedIds(table))]));
    const entry = (item) => (item.title ? `${item.entryId}: ${item.title}` : `${item.entryId} (no longer in the knowledge base)`);
    const checkbox = (table, id, text) => ({ checkbox: id, checked: selected[table].has(id), label: `Select "${text}"` });
    table('suggestions', body.suggestions, (s) => [checkbox('suggestions', s.id, s.question), s.question, entry(s), number(s.users), number(s.times), when(s.lastAt)]);
    table('accepted-phrasings', body.accepted, (a) => [checkbox('accepted-phrasings', a.id, a.phrasing), a.phrasing, entry(a), when(a.decidedAt)]);
    if (body.full) note(`The list is full (${body.max} questions): new questions are suggested again once some are accepted or rejected.`);
    for (const { selectAll } of LEARNING) byId(selectAll).checked = false;
    updateButtons();
  }

  const checkboxes = (table) => [...byId(table).tBodies[0].querySelectorAll('input[type=checkbox]')];
  const selectedIds = (table) => checkboxes(table).filter((box) => box.checked).map((box) => box.value);
  const note = (text) => { byId('suggestions-note').textContent = text; };

  function updateButtons() {
    for (const { table, buttons } of LEARNING) {
      const none = selectedIds(table).length === 0;
      for (const button of buttons) byId(button).disabled = none;
    }
  }

  const DONE = { accept: ['accepted', 'Accepted', ': the knowledge reloads within seconds.'], reject: ['rejected', 'Rejected', '.'], withdraw: ['withdrawn', 'Withdrew', ': the knowledge reloads within seconds.'] };

  /** Accepts, rejects or withdraws the selected rows of `table` in one request, then lists what is left. */
  async function decide(decision, table) {
    const ids = selectedIds(table);
    if (!ids.length) return;
    for (const { buttons } of LEARNING) for (const button of buttons) byId(button).disabled = true;
    const response = await fetch('/api/suggestions', {
      method: 'POST',
      headers: { ...authorization(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ [decision]: ids }),
    }).catch(() => undefined);
    const body = response && (await response.json().catch(() => ({})));
    // Said once the tables show what is left.
    await loadSuggestions();
    if (!response?.ok) note(body?.error || 'The bot did not answer.');
    else {
      const [field, verb, after] = DONE[decision];
      const count = body[field].length;
      note(`${verb} ${count} phrasing${count === 1 ? '' : 's'}${after}`);
    }
  }

  byId('accept-selected').addEventListener('click', () => decide('accept', 'suggestions'));
  byId('reject-selected').addEventListener('click', () => decide('reject', 'suggestions'));
  byId('withdraw-selected').addEventListener('click', () => decide('withdraw', 'accepted-phrasings'));
  for (const { table, selectAll } of LEARNING) {
    byId(selectAll).addEventListener('change', (event) => {
      for (const box of checkboxes(table)) box.checked = event.target.checked;
      updateButtons();
    });
    byId(table).tBodies[0].addEventListener('change', updateButtons);
  }

  function askForToken(note) {
    byId('dashboard').hidden = true;
    byId('sign-in').hidden = false;
    byId('sign-in-note').textContent = note;
    byId('token').focus();
  }

  function showProblem(message) {
    byId('problem').textContent = message;
    byId('problem').hidden = false;
  }

  byId('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, byId('token').value.trim());
    byId('token').value = '';
    load();
  });
  byId('refresh').addEventListener('click', load);

  function render(data) {
    const { days, report, tickets } = data;
    byId('generated').textContent = `as of ${new Date(data.generatedAt).toLocaleString()}`;
    byId('dashboard').hidden = false;

    const questions = days.map((d) => d.answer + d.clarify + d.none + d.unknownCode);
    const deflected = days.map((d, i) => Math.max(0, questions[i] - d.escalated));
    const asked = sum(questions);
    byId('questions').textContent = asked;
    byId('deflection').textContent = asked ? `${Math.round((100 * sum(deflected)) / asked)}%` : 'no questions yet';
    byId('unanswered-total').textContent = report.totals.unanswered;
    byId('open-tickets').textContent = report.totals.tickets.open + report.totals.tickets.assigned;

    const labels = days.map((d) => d.day);
    chart('deflection-chart', {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: 'Answered without escalation', data: deflected, backgroundColor: COLORS.answer, stack: 'questions' },
          { label: 'Escalated', data: days.map((d) => d.escalated), backgroundColor: COLORS.escalated, stack: 'questions' },
          { type: 'line', label: 'Without escalation (%)', data: days.map((_, i) => (questions[i] ? Math.round((100 * deflected[i]) / questions[i]) : null)), borderColor: COLORS.rate, backgroundColor: COLORS.rate, yAxisID: 'rate' },
        ],
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, rate: { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false } } } },
    });
    chart('decisions-chart', {
      type: 'bar',
      data: {
        labels,
        datasets: [
          ['answer', 'Answered'],
          ['clarify', 'Asked to clarify'],
          ['none', 'No answer'],
          ['unknownCode', 'Unknown code'],
        ].map(([key, label]) => ({ label, data: days.map((d) => d[key]), backgroundColor: COLORS[key] })),
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    });

    const status = report.totals.tickets;
    chart('status-chart', {
      type: 'doughnut',
      data: {
        labels: ['Open', 'Taken', 'Resolved'],
        datasets: [{ data: [status.open, status.assigned, status.resolved], backgroundColor: [COLORS.open, COLORS.assigned, COLORS.resolved] }],
      },
      options: { plugins: { legend: { position: 'right' } } },
    });
    chart('age-chart', {
      type: 'bar',
      data: {
        labels: tickets.spans,
        datasets: [
          { label: 'Open', data: tickets.age.open, backgroundColor: COLORS.open },
          { label: 'Taken', data: tickets.age.assigned, backgroundColor: COLORS.assigned },
        ],
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    });
    const { timeToTake: take, timeToResolve: resolve } = tickets;
    byId('durations').textContent = `Taken: ${durationText(take)}. Resolved: ${durationText(resolve)}.`;
    chart('durations-chart', {
      type: 'bar',
      data: {
        labels: tickets.spans,
        datasets: [
          { label: 'Time to take', data: take.histogram, backgroundColor: COLORS.take },
          { label: 'Time to resolve', data: resolve.histogram, backgroundColor: COLORS.resolve },
        ],
      },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'tickets' } } } },
    });

    table('unanswered', report.unanswered, (q) => [q.question, number(q.count), when(q.lastAsked)]);
    table('unknown-codes', report.unknownCodes, (c) => [c.code, number(c.count), c.question]);
    table('entries', report.entries, (e) => [e.title ? `${e.id}: ${e.title}` : e.id, number(e.notHelpful), number(e.escalated), number(e.helpful)]);
    // Waiting for a lead first: the gap report lists them so.
    table('drafts', report.drafts, (d) => [DRAFT_STATUS[d.status], d.ticketId, `${d.entryId}: ${d.title}`, d.decidedBy ? `${d.decidedBy}, ${when(d.decidedAt)}` : '']);
  }

  const DRAFT_STATUS = { pending: 'Waiting for a lead', approved: 'Approved', discarded: 'Discarded' };

  /** Draws a chart on the canvas, in place of the one drawn there before. */
  function chart(id, config) {
    const canvas = byId(id);
    Chart.getChart(canvas)?.destroy();
    new Chart(canvas, config);
  }

  /** Rows of text cells (a number cell is { number }, a checkbox { checkbox: value, checked, label }); textContent only. */
  function table(id, rows, cells) {
    const body = byId(id).tBodies[0];
    body.replaceChildren();
    if (!rows.length) {
      const td = body.insertRow().insertCell();
      td.colSpan = byId(id).tHead.rows[0].cells.length;
      td.className = 'empty';
      td.textContent = 'None so far.';
      return;
    }
    for (const row of rows) {
      const tr = body.insertRow();
      for (const cell of cells(row)) {
        const td = tr.insertCell();
        if (typeof cell === 'object' && 'checkbox' in cell) {
          const box = td.appendChild(document.createElement('input'));
          box.type = 'checkbox';
          box.value = cell.checkbox;
          box.checked = cell.checked;
          box.setAttribute('aria-label', cell.label);
        } else if (typeof cell === 'object') {
          td.className = 'number';
          td.textContent = String(cell.number);
        } else td.textContent = cell;
      }
    }
  }

  const number = (n) => ({ number: n });
  const sum = (values) => values.reduce((a, b) => a + b, 0);
  const when = (iso) => new Date(iso).toLocaleString();

  function durationText({ count, medianMinutes, p90Minutes }) {
    if (!count) return 'no tickets yet';
    return `median ${minutesText(medianMinutes)}, 90% within ${minutesText(p90Minutes)} (${count} ticket${count === 1 ? '' : 's'})`;
  }

  function minutesText(minutes) {
    if (minutes < 1) return `${Math.round(minutes * 60)} s`;
    if (minutes < 60) return `${Math.round(minutes)} min`;
    if (minutes < 1440) return `${(minutes / 60).toFixed(1)} h`;
    return `${(minutes / 1440).toFixed(1)} days`;
  }

  load();
})();
