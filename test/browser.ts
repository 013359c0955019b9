import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Browser, chromium, Locator, Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); never a browser downloaded by Playwright. */
export const CHROMIUM = fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : process.env.CHROMIUM_PATH;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('no Chromium: apt-get install chromium, or set CHROMIUM_PATH');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Web Chat's parts, as the local chat page renders them. */
export const SEND_BOX = '[data-id="webchat-sendbox-input"]';
export const ACTIVITY = 'article.webchat__basic-transcript__activity';
export const BOT_BUBBLE = '.webchat__bubble:not(.webchat__bubble--from-user)';
export const CARD = '.ac-adaptiveCard';
export const WAIT_MS = 5000;

/** Transcript entries after the user's message mentioning `text`: the welcome card may mention it too. */
export function answersTo(page: Page, text: string): Locator {
  return page.locator(`${ACTIVITY}:has(.webchat__bubble--from-user:has-text("${text}")) ~ ${ACTIVITY}`);
}

/** Types a message in the local chat page's send box and sends it. */
export async function say(page: Page, text: string): Promise<void> {
  await page.locator(SEND_BOX).fill(text);
  await page.locator(SEND_BOX).press('Enter');
}

/**
 * Escalate → comment → Send to help desk on an answer card, as a user does in any chat
 * that renders our cards; resolves with the confirmation card once it shows the ticket id
 * and the comment.
 */
export async function escalateFromCard(page: Page, answer: Locator, comment: string): Promise<Locator> {
  await answer.getByRole('button', { name: 'Escalate to help desk' }).click();
  await answer.getByLabel('What did you already try? (optional)').fill(comment);
  await answer.getByRole('button', { name: 'Send to help desk' }).click();
  const confirmation = page.locator('.ac-adaptiveCard', { hasText: 'Sent to the help desk' });
  await confirmation.waitFor({ timeout: 10_000 });
  const text = await confirmation.innerText();
  assert.match(text, /HD-[A-Z0-9]{8}/);
  assert.ok(text.includes(comment), `the comment in the confirmation: ${text}`);
  return confirmation;
}
