import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as sinon from 'sinon';
import type { Browser, Page } from 'playwright-core';
import { startApp, RunningApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { dayOf, emptyDay, DayCounts } from '../../tickets/reports/dailyActivity';
import { DirectLineUser, escalate, helpDeskAndUser, submitData, textOf } from '../directLineClient';
import { launchChromium, needsChromium } from '../browser';
import { REPO_ROOT } from '../helpers';
import { escalationConfig } from '../ticketHelpers';
import { tempDir } from '../tempDir';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const WAIT_MS = 5000;
const CHARTS = ['deflection-chart', 'decisions-chart', 'status-chart', 'age-chart', 'durations-chart'];
const HOSTILE = '<img src=x onerror="document.title=\'owned\'"> printer <b>on fire</b>';

type Decision = 'answer' | 'clarify' | 'none' | 'unknownCode';
/** Questions whose decision the shipped knowledge base fixes. */
const ASKED: Record<Decision, string[]> = {
  answer: ['what is MIS_3', 'what is MIS_5', '0x800706BA'],
  clarify: ['error 3', 'status 3'],
  none: ['How do I order a new laptop?', 'the coffee machine is broken'],
  unknownCode: ['what is MIS_31'],
};

function start(reportsToken = ''): Promise<RunningApp> {
  return startApp({ ...readConfig(), port: 0, microsoftAppId: '', microsoftAppPassword: '', dataDir: tempDir('dashboard'), escalation: escalationConfig({ reportsToken }) });
}

/** Chart.js's own data for each chart on the page: labels and each dataset's points. */
function chartData(page: Page): Promise<Record<string, { type: string; labels: string[]; datasets: Record<string, number[]> }>> {
  return page.evaluate((ids) => {
    const found: Record<string, any> = {};
    for (const id of ids) {
      const chart = (window as any).Chart.getChart(document.getElementById(id));
      if (!chart) continue;
      found[id] = {
        type: chart.config.type,
        labels: chart.data.labels,
        datasets: Object.fromEntries(chart.data.datasets.map((d: any, i: number) => [d.label ?? String(i), d.data])),
      };
    }
    return found;
  }, CHARTS);
}

const cellTexts = (page: Page, table: string) => page.locator(`#${table} tbody tr`).evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));

describe('help desk dashboard in a real browser, from real turns', function () {
  this.timeout(60_000);
  needsChromium();

  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  /** What the test asked, per day: what the charts must show. */
  const expected = new Map<string, DayCounts>();
  let clock: sinon.SinonFakeTimers | undefined;

  const today = Date.parse(dayOf(new Date()));
  /** Moves the bot's clock to a time `back` days before today (UTC), hours and minutes into that day. */
  const at = (back: number, hours: number, minutes = 0) => {
    const time = today - back * DAY_MS + hours * 3_600_000 + minutes * MINUTE_MS;
    if (clock) clock.setSystemTime(time);
    else clock = sinon.useFakeTimers({ now: time, toFake: ['Date'], shouldAdvanceTime: true });
  };
  const tally = (what: keyof Omit<DayCounts, 'day'>) => {
    const day = dayOf(new Date());
    if (!expected.has(day)) expected.set(day, emptyDay(day));
    expected.get(day)![what]++;
  };
  const ask = async (user: DirectLineUser, decision: Decision, which = 0) => {
    const asked = await user.say(ASKED[decision][which]);
    tally(decision);
    return user.fromBot((a) => a.replyToId === asked && a.attachments?.length, `the reply to ${ASKED[decision][which]}`);
  };

  before(async () => {
    app = await start();
    const { desk, user } = await helpDeskAndUser(app, 'user-dashboard');
    /** Escalates an answered question; the agent takes it and resolves it these many minutes later, if at all. */
    const ticket = async (question: string, takeAfter?: number, resolveAfter?: number) => {
      const { ticketId } = await escalate(user, question, '');
      tally('answer');
      tally('escalated');
      const posted = await desk.fromBot((a) => textOf(a).includes(`Ticket ${ticketId}`), 'the ticket card');
      const created = Date.now();
      if (takeAfter === undefined) return;
      clock!.setSystemTime(created + takeAfter * MINUTE_MS);
      await desk.submit(submitData(posted, 'take'));
      await user.fromBot((a) => a.text?.includes(`took your ticket ${ticketId}`), 'the user told it is taken');
      if (resolveAfter === undefined) return;
      clock!.setSystemTime(created + resolveAfter * MINUTE_MS);
      const taken = (await desk.activities()).find((a) => a.id === posted.id);
      await desk.submit({ ...submitData(taken, 'resolve'), resolution: 'Restarted the sync service' });
      await user.fromBot((a) => textOf(a).includes(`Your ticket ${ticketId} is resolved`), 'the user told it is resolved');
    };

    // A week of real turns, on the bot's clock moved day by day.
    at(6, 9);
    for (const decision of ['answer', 'answer', 'clarify', 'none', 'none'] as const) await ask(user, decision);
    at(5, 10);
    for (const decision of ['answer', 'unknownCode', 'clarify', 'none'] as const) await ask(user, decision, 0);
    await ticket('iissync returned 1726', 25, 180);
    at(4, 8);
    for (const which of [0, 1, 2]) await ask(user, 'answer', which);
    const answer = await ask(user, 'answer');
    const notHelpful = await user.submit({ ...submitData(answer, 'feedback'), helpful: false });
    await user.fromBot((a) => a.replyToId === notHelpful && /Thanks for telling me/.test(a.text ?? ''), 'the thanks for the feedback');
    at(3, 14);
    for (const decision of ['answer', 'clarify', 'unknownCode', 'none'] as const) await ask(user, decision);
    await ticket('what is MIS_5', 130, 20 * 60);
    at(2, 11);
    await ask(user, 'answer', 2);
    await ticket('what is MIS_7', 8);
    clock!.restore();
    clock = undefined;
    // Today, on the real clock: a ticket nobody has taken, and a question written as HTML.
    await ticket('0x800706BA');
    await user.say(HOSTILE);
    tally('none');

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => problems.push(`dialog: ${dialog.message()}`));
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
    });
    await page.goto(`${app.url}/dashboard`);
    await page.locator('#dashboard').waitFor({ timeout: WAIT_MS });
  });

  after(async () => {
    clock?.restore();
    await browser?.close();
    await app?.close();
  });

  afterEach(() => assert.deepEqual(problems, []));

  it('draws deflection and decisions per day from the questions asked', async () => {
    const charts = await chartData(page);
    assert.deepEqual(Object.keys(charts).sort(), [...CHARTS].sort(), 'every chart drawn by Chart.js');
    const first = [...expected.keys()].sort()[0];
    const days = charts['deflection-chart'].labels;
    assert.equal(days[0], first, 'from the first day with questions');
    assert.equal(days[days.length - 1], dayOf(new Date()), 'to today');
    const on = (day: string) => expected.get(day) ?? emptyDay(day);
    const questions = (d: DayCounts) => d.answer + d.clarify + d.none + d.unknownCode;

    const deflection = charts['deflection-chart'].datasets;
    assert.deepEqual(deflection['Escalated'], days.map((d) => on(d).escalated));
    assert.deepEqual(deflection['Answered without escalation'], days.map((d) => questions(on(d)) - on(d).escalated));
    const decisions = charts['decisions-chart'].datasets;
    assert.deepEqual(decisions['Answered'], days.map((d) => on(d).answer));
    assert.deepEqual(decisions['Asked to clarify'], days.map((d) => on(d).clarify));
    assert.deepEqual(decisions['No answer'], days.map((d) => on(d).none));
    assert.deepEqual(decisions['Unknown code'], days.map((d) => on(d).unknownCode));
    // The day without questions between two with questions is a zero, not a gap.
    assert.equal(questions(on(days[days.length - 2])), 0);

    const all = [...expected.values()];
    const total = all.reduce((n, d) => n + questions(d), 0);
    const escalated = all.reduce((n, d) => n + d.escalated, 0);
    assert.equal(await page.locator('#questions').textContent(), String(total));
    assert.equal(await page.locator('#deflection').textContent(), `${Math.round((100 * (total - escalated)) / total)}%`);
  });

  it('draws tickets by status and age, and the time to take and to resolve', async () => {
    const charts = await chartData(page);
    assert.equal(charts['status-chart'].type, 'doughnut');
    assert.deepEqual(charts['status-chart'].datasets['0'], [1, 1, 2], 'open, taken, resolved');
    // The open ticket is minutes old; the taken one between one and three days.
    assert.deepEqual(charts['age-chart'].datasets['Open'], [1, 0, 0, 0, 0, 0]);
    assert.deepEqual(charts['age-chart'].datasets['Taken'], [0, 0, 0, 0, 1, 0]);
    // Taken after 8, 25 and 130 minutes; resolved after 3 and 20 hours.
    assert.deepEqual(charts['durations-chart'].datasets['Time to take'], [1, 1, 1, 0, 0, 0]);
    assert.deepEqual(charts['durations-chart'].datasets['Time to resolve'], [0, 0, 1, 1, 0, 0]);
    assert.match((await page.locator('#durations').textContent())!, /^Taken: median 25 min, 90% within 2\.2 h \(3 tickets\)\. Resolved: median 3\.0 h, 90% within 20\.0 h \(2 tickets\)\.$/);
  });

  it('lists unanswered questions, unknown codes, entries marked not helpful and draft entries, as text', async () => {
    const unanswered = await cellTexts(page, 'unanswered');
    assert.deepEqual(unanswered[0].slice(0, 2), ['How do I order a new laptop?', '4']);
    assert.ok(unanswered.some(([question]) => question === HOSTILE), 'the question shown as the user wrote it');
    assert.equal(await page.locator('#unanswered img, #unanswered b').count(), 0, 'never as HTML');
    assert.equal(await page.title(), 'Help desk dashboard');

    assert.deepEqual(await cellTexts(page, 'unknown-codes'), [['MIS_31', '2', 'what is MIS_31']]);
    const entries = await cellTexts(page, 'entries');
    const mis3 = entries.find(([entry]) => /MIS_3\b/.test(entry!));
    assert.ok(mis3, `the entry of MIS_3 in ${JSON.stringify(entries)}`);
    assert.equal(mis3[1], '1', 'marked not helpful once');
    // The two resolved tickets brought draft entries, waiting for a lead.
    const drafts = await cellTexts(page, 'drafts');
    assert.deepEqual(drafts.map(([status]) => status), ['Waiting for a lead', 'Waiting for a lead']);
    assert.ok(drafts.every(([, ticket, entry]) => /^HD-/.test(ticket!) && entry!.startsWith(`ticket-${ticket!.toLowerCase()}: `)), JSON.stringify(drafts));

    if (process.env.SCREENSHOTS) await page.screenshot({ path: path.join(REPO_ROOT, 'docs', 'dashboard.png'), fullPage: true });
  });
});

describe('help desk dashboard behind the reports token', function () {
  this.timeout(30_000);
  needsChromium();
  const TOKEN = 'dashboard-test-token-7f3a';
  let app: RunningApp;
  let browser: Browser;

  before(async () => {
    app = await start(TOKEN);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('refuses the data without the token, serves it with it', async () => {
    const get = (token?: string) => fetch(`${app.url}/api/dashboard`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    assert.equal((await get()).status, 401);
    assert.equal((await get('wrong')).status, 401);
    const served = await get(TOKEN);
    assert.equal(served.status, 200);
    assert.deepEqual(Object.keys(await served.json()).sort(), ['days', 'generatedAt', 'report', 'tickets']);
  });

  it('asks for the token once per tab, and shows the dashboard with it', async () => {
    const page = await browser.newPage();
    const statuses: number[] = [];
    page.on('response', (r) => r.url().endsWith('/api/dashboard') && statuses.push(r.status()));
    await page.goto(`${app.url}/dashboard`);
    await page.locator('#sign-in').waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator('#dashboard').isVisible(), false);

    await page.locator('#token').fill('not the token');
    await page.locator('#token').press('Enter');
    await page.locator('#sign-in-note', { hasText: 'not accepted' }).waitFor({ timeout: WAIT_MS });

    await page.locator('#token').fill(TOKEN);
    await page.getByRole('button', { name: 'Show the dashboard' }).click();
    await page.locator('#dashboard').waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator('#sign-in').isVisible(), false);
    assert.deepEqual(Object.keys(await chartData(page)).sort(), [...CHARTS].sort());

    await page.reload();
    await page.locator('#dashboard').waitFor({ timeout: WAIT_MS });
    assert.deepEqual(statuses, [401, 401, 200, 200], 'asked once: the reload used the token kept for the tab');
  });
});
