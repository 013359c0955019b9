import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { RunningApp } from '../../server/app';
import { eventually, RecordedApp, startRecordedApp } from '../helpers';
import { ACTIVITY, answersTo, BOT_BUBBLE, CARD, escalateFromCard, launchChromium, needsChromium, SEND_BOX, WAIT_MS } from '../browser';

/** The bot answered the user's question about `code` with an Adaptive Card that names it. */
async function expectAnswerCard(page: Page, code: string): Promise<void> {
  await answersTo(page, code).locator(CARD, { hasText: code }).first().waitFor({ timeout: WAIT_MS });
}

describe('local chat page in a real browser (Web Chat)', function () {
  this.timeout(20_000);
  needsChromium();

  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let recorded: RecordedApp;
  const pageProblems: string[] = [];
  let conversation: { conversationId: string; token: string };

  const question = 'what is MIS_3';
  const connector = (route = '') => `${app.url}/v3/conversations/${conversation.conversationId}/activities${route}`;
  const asBot = async (method: string, url: string, body?: unknown): Promise<{ id: string }> => {
    const response = await fetch(url, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.equal(response.status, 200, `${method} ${url}`);
    return (await response.json().catch(() => ({}))) as { id: string };
  };
  const transcript = async () => {
    const response = await fetch(`${app.url}/v3/directline/conversations/${conversation.conversationId}/activities`, {
      headers: { Authorization: `Bearer ${conversation.token}` },
    });
    return ((await response.json()) as { activities: any[] }).activities;
  };

  before(async () => {
    recorded = await startRecordedApp('webchat');
    ({ app } = recorded);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
    page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) pageProblems.push(`CSP: ${message.text()}`);
    });
    const generated = page.waitForResponse((r) => r.url().endsWith('/v3/directline/tokens/generate'));
    await page.goto(app.url);
    conversation = await (await generated).json();
    await page.locator(SEND_BOX).waitFor({ timeout: WAIT_MS });
  });

  after(async () => {
    await browser?.close();
    await recorded?.close();
  });

  afterEach(() => assert.deepEqual(pageProblems, []));

  it('answers a question typed in the send box', async () => {
    await page.locator(SEND_BOX).fill(question);
    await page.locator(SEND_BOX).press('Enter');

    const answer = answersTo(page, 'MIS_3');
    await answer.locator(`${CARD}, ${BOT_BUBBLE}`).filter({ hasText: 'MIS_3' }).first().waitFor({ timeout: WAIT_MS });
    await expectAnswerCard(page, 'MIS_3');
    if (process.env.SCREENSHOT_PATH) {
      // Web Chat scrolls to new activities with an animation; show the whole answer, not a frame of it.
      await answer.last().scrollIntoViewIfNeeded();
      await page.screenshot({ path: process.env.SCREENSHOT_PATH });
    }
  });

  it('shows an activity the bot updates in place of the old version', async () => {
    const activities = await transcript();
    const asked = activities.find((a) => a.from.role === 'user' && a.text === question);
    const reply = activities.find((a) => a.type === 'message' && a.from.role === 'bot' && a.replyToId === asked.id);
    // Something after the reply, so that "moved to the end" and "in place" look different.
    await asBot('POST', connector(), { type: 'message', text: 'A later message' });
    await page.locator(BOT_BUBBLE, { hasText: 'A later message' }).waitFor({ timeout: WAIT_MS });
    const entries = await page.locator(ACTIVITY).allInnerTexts();
    const asking = await page
      .locator(ACTIVITY)
      .evaluateAll((all) => all.findIndex((a) => a.querySelector('.webchat__bubble--from-user')?.textContent?.includes('MIS_3')));
    const replyIndex = asking + 1;

    await asBot('PUT', connector(`/${reply.id}`), { type: 'message', text: 'Updated by the browser test' });

    await page.locator(BOT_BUBBLE, { hasText: 'Updated by the browser test' }).waitFor({ timeout: WAIT_MS });
    const updated = await page.locator(ACTIVITY).allInnerTexts();
    assert.equal(updated.length, entries.length, 'replaced, not added');
    assert.match(updated[replyIndex], /Updated by the browser test/);
    assert.match(updated[updated.length - 1], /A later message/);
  });

  it('sends Action.Submit data from a card to the bot as a message value', async () => {
    const data = { localChatTest: 'submit', helpful: true };
    await asBot('POST', connector(), {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            type: 'AdaptiveCard',
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            version: '1.5',
            body: [{ type: 'TextBlock', text: 'Browser test card' }],
            actions: [{ type: 'Action.Submit', title: 'Browser test submit', data }],
          },
        },
      ],
    });

    await page.locator(CARD).getByRole('button', { name: 'Browser test submit' }).click({ timeout: WAIT_MS });

    const submitted = await eventually(() => recorded.received.find((a) => a.value?.localChatTest === 'submit'), 'the submitted value at the bot', WAIT_MS);
    assert.equal(submitted.type, 'message');
    assert.deepEqual(submitted.value, data);
  });

  it('drops an activity the bot deletes', async () => {
    const card = (await transcript()).find((a) => a.attachments?.[0]?.content?.body?.[0]?.text === 'Browser test card');
    const cards = page.locator(CARD, { hasText: 'Browser test card' });
    assert.equal(await cards.count(), 1);

    await asBot('DELETE', connector(`/${card.id}`));

    await cards.waitFor({ state: 'detached', timeout: WAIT_MS });
  });

  it('escalates from an answer card: the confirmation with the ticket id takes the card\'s place', async () => {
    await page.locator(SEND_BOX).fill('iissync returned 1726');
    await page.locator(SEND_BOX).press('Enter');
    const answer = answersTo(page, 'iissync returned 1726').locator(CARD, { hasText: '1726' }).first();
    await answer.waitFor({ timeout: WAIT_MS });
    const before = await page.locator(ACTIVITY).count();

    await escalateFromCard(page, answer, 'Restarted both nodes');
    assert.equal(await page.locator(CARD, { hasText: 'IISSYNC status 1726' }).count(), 0, 'the answer card was replaced');
    // Web Chat does not show a submit without text: replaced in place means no new entry at all.
    assert.equal(await page.locator(ACTIVITY).count(), before, 'replaced, not added');
  });
});
