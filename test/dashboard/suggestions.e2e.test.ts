import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { RunningApp } from '../../server/app';
import { launchChromium, needsChromium } from '../browser';
import { eventually } from '../helpers';
import { ask, resolveWithRightEntry, startWithPrinters } from '../learning/learningFromUse';
import { firstQuestions } from '../learning/printerKnowledge';

const WAIT_MS = 5000;
const RELOAD_MS = 30_000;

describe('dashboard: suggested phrasings accepted and rejected in bulk, in a real browser', function () {
  this.timeout(90_000);
  needsChromium();
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const asked = firstQuestions(3);

  before(async () => {
    app = await startWithPrinters();
    for (const question of asked) assert.ok(await resolveWithRightEntry(question, await ask(app, question, 'dashboard')));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
    });
    await page.goto(`${app.url}/dashboard`);
    await page.locator('#suggestions tbody input[type=checkbox]').first().waitFor({ timeout: WAIT_MS });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });
  afterEach(() => assert.deepEqual(problems, []));

  const rows = () => page.locator('#suggestions tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(1, 4).map((td) => td.textContent)));
  const symptomsOf = (entryId: string) => app.helpDesk().matcher.entryById(entryId)!.symptoms;

  it('lists each question with its entry and how many asked, the buttons off until something is selected', async () => {
    const listed = await rows();
    assert.deepEqual(listed.map(([question]) => question).sort(), asked.map((a) => a.question).sort());
    for (const [question, entry, users] of listed) {
      const { entryId } = asked.find((a) => a.question === question)!;
      assert.match(entry!, new RegExp(`^${entryId}: `));
      assert.equal(users, '1');
    }
    assert.equal(await page.getByRole('button', { name: 'Accept selected' }).isDisabled(), true);
    assert.equal(await page.getByRole('button', { name: 'Reject selected' }).isDisabled(), true);
  });

  it('accepts the selected ones in one click; the knowledge reloads with them', async () => {
    const [first, second, third] = asked;
    for (const { question } of [first, second]) await page.getByRole('checkbox', { name: `Select "${question}"` }).check();
    await page.getByRole('button', { name: 'Accept selected' }).click();
    await page.locator('#suggestions-note', { hasText: 'Accepted 2 phrasings' }).waitFor({ timeout: WAIT_MS });
    assert.deepEqual((await rows()).map(([question]) => question), [third.question], 'only the one not selected is left');
    await eventually(() => symptomsOf(first.entryId).includes(first.question) && symptomsOf(second.entryId).includes(second.question),
      'the accepted phrasings in the knowledge', RELOAD_MS);
  });

  it('rejects all that are left with "select all"; a rejected one never reaches the knowledge', async () => {
    const third = asked[2];
    await page.getByRole('checkbox', { name: 'Select all suggestions' }).check();
    await page.getByRole('button', { name: 'Reject selected' }).click();
    await page.locator('#suggestions-note', { hasText: 'Rejected 1 phrasing.' }).waitFor({ timeout: WAIT_MS });
    await page.locator('#suggestions td.empty', { hasText: 'None so far.' }).waitFor({ timeout: WAIT_MS });
    assert.equal(symptomsOf(third.entryId).includes(third.question), false);
  });

  it('withdraws an accepted phrasing; the knowledge reloads without it', async () => {
    const [first, second] = asked;
    const acceptedRows = () => page.locator('#accepted-phrasings tbody tr').evaluateAll((trs) => trs.map((tr) => tr.children[1].textContent));
    assert.deepEqual((await acceptedRows()).sort(), [first.question, second.question].sort());
    assert.equal(await page.getByRole('button', { name: 'Withdraw selected' }).isDisabled(), true);
    await page.getByRole('checkbox', { name: `Select "${first.question}"` }).check();
    await page.getByRole('button', { name: 'Withdraw selected' }).click();
    await page.locator('#suggestions-note', { hasText: 'Withdrew 1 phrasing' }).waitFor({ timeout: WAIT_MS });
    assert.deepEqual(await acceptedRows(), [second.question]);
    await eventually(() => !symptomsOf(first.entryId).includes(first.question), 'the knowledge without the withdrawn phrasing', RELOAD_MS);
    assert.ok(symptomsOf(second.entryId).includes(second.question), 'the other one kept');
  });
});
