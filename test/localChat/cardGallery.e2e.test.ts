import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { RecordedApp, REPO_ROOT, startRecordedApp } from '../helpers';
import { CARD, escalateFromCard, launchChromium, needsChromium, say, SEND_BOX, WAIT_MS } from '../browser';

/** A card the bot sent, not one shown inside it (Action.ShowCard). */
const TOP_CARD = `${CARD}:not(${CARD} ${CARD})`;
/** Changes reach the other page through the outbox and Web Chat's polling: a few seconds on a busy machine. */
const DELIVERY_MS = 15_000;
/** SCREENSHOTS=1 npm test refreshes the README's pictures of every card kind (docs/cards/). */
const SCREENSHOT_DIR = process.env.SCREENSHOTS ? path.join(REPO_ROOT, 'docs', 'cards') : undefined;

/**
 * Every kind of card the bot sends, rendered by Web Chat in a real browser, and every
 * button on the way from a question to an approved entry clicked as a person would:
 * a user's page and a help desk's page on the local chat.
 */
describe('every card kind in a real browser, from a question to an approved knowledge entry', function () {
  this.timeout(60_000);
  needsChromium();
  let recorded: RecordedApp;
  let browser: Browser;
  let user: Page;
  let desk: Page;
  const problems: string[] = [];

  const open = async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(recorded.app.url);
    await page.locator(SEND_BOX).waitFor({ timeout: WAIT_MS });
    return page;
  };
  /** The first card the bot sends after `text`, once it shows `shows`; its picture saved as `name`. */
  const answered = async (page: Page, text: string, shows: string, name: string): Promise<Locator> => {
    const before = await page.locator(TOP_CARD).count();
    await say(page, text);
    const card = page.locator(TOP_CARD).nth(before);
    await card.waitFor({ timeout: WAIT_MS });
    const seen = await card.innerText();
    assert.match(seen, new RegExp(shows), `the card answering "${text}": ${seen.slice(0, 200)}`);
    return shown(card, name);
  };
  /** `card` once visible (deliveries from the outbox take a poll or two), its picture saved as `name`. */
  const shown = async (card: Locator, name: string): Promise<Locator> => {
    await card.waitFor({ timeout: DELIVERY_MS });
    if (SCREENSHOT_DIR) {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await card.scrollIntoViewIfNeeded();
      await card.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled' });
    }
    return card;
  };
  const button = (card: Locator, name: string) => card.getByRole('button', { name, exact: true });

  before(async () => {
    recorded = await startRecordedApp('gallery');
    browser = await launchChromium();
    [user, desk] = [await open(), await open()];
  });
  after(async () => {
    await browser?.close();
    await recorded?.close();
  });
  afterEach(() => assert.deepEqual(problems, []));

  it('answers, clarifies, says what it does not know, and welcomes', async () => {
    await answered(user, 'help', 'Ask me about an error', 'welcome');
    await answered(user, 'what is MIS_3', 'MIS_3', 'answer');
    await answered(user, 'error 3', 'Which one is it', 'clarify');
    await answered(user, 'the coffee machine in building 4 is leaking', 'find anything in the knowledge base', 'none');
  });

  it('escalates an unknown code; the help desk takes it, resolves it, approves the draft; the next question gets the entry', async () => {
    await say(desk, 'register escalations here');
    await desk.locator('p', { hasText: 'Escalations will be posted here' }).waitFor({ timeout: WAIT_MS });
    const unknown = await answered(user, 'MIS_31 on my Pocket PC: "Synchronization stopped because the partnership is damaged"',
      'MIS_31 is not in the knowledge base', 'unknown-code');
    await shown(await escalateFromCard(user, unknown, 'Restarted the phone'), 'escalated');

    const ticket = desk.locator(CARD, { hasText: 'Ticket HD-' }).last();
    await shown(ticket, 'ticket');
    await button(ticket, 'Take').click();
    await ticket.getByText('Taken by').waitFor({ timeout: DELIVERY_MS });
    await button(ticket, 'Resolve').first().click();
    await ticket.getByLabel('What fixed it?').fill('Delete the device partnership in ActiveSync\nCreate it again and run a full sync');
    await ticket.getByLabel('Why did it happen? (optional)').fill('The Exchange upgrade damaged the partnership.');
    await button(ticket, 'Resolve').last().click();
    await shown(desk.locator(CARD, { hasText: 'Draft knowledge entry' }).last(), 'ticket-resolved');
    const resolved = await shown(user.locator(CARD, { hasText: 'is resolved' }).last(), 'resolved');
    assert.match(await resolved.innerText(), /Delete the device partnership/);

    await button(desk.locator(CARD, { hasText: 'Draft knowledge entry' }).last(), 'Approve: add to the knowledge base').click();
    await shown(desk.locator(CARD, { hasText: 'the bot answers with it now' }).last(), 'ticket-approved');
    // The approved file is reloaded in the background: the user asks until it answers.
    const deadline = Date.now() + 30_000;
    while (!(await answered(user, 'what is MIS_31', 'MIS_31', 'approved-answer').then((card) => card.innerText())).includes('Delete the device partnership')) {
      assert.ok(Date.now() < deadline, 'the approved entry did not answer within 30 s');
      await user.waitForTimeout(1000);
    }
  });
});
