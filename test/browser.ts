import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser, chromium, Locator, Page } from 'playwright-core';

const INSTALL = 'apt-get install chromium, or set CHROMIUM_PATH';

/**
 * Debian's Chromium (apt-get install chromium); never a browser downloaded by Playwright.
 * CHROMIUM_PATH, when set, is the only place looked at (CHROMIUM_PATH=/nonexistent runs
 * the suite as a machine without Chromium does).
 */
const CHROMIUM = process.env.CHROMIUM_PATH
  ? executable(process.env.CHROMIUM_PATH)
  : ['/usr/bin/chromium', ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, 'chromium'))].find(executable);
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

function executable(file: string): string | undefined {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Called in a describe's body before its other hooks: without Chromium, every test of the
 * describe is skipped, saying why and how to install it, before anything is started. CI sets
 * REQUIRE_CHROMIUM=1, and there a missing Chromium fails instead.
 */
export function needsChromium(): void {
  before(function () {
    if (CHROMIUM) return;
    const where = process.env.CHROMIUM_PATH ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable` : 'no chromium in /usr/bin or on PATH';
    if (process.env.REQUIRE_CHROMIUM) throw new Error(`${where}, and REQUIRE_CHROMIUM is set`);
    console.log(`      - skipped: needs Chromium (${INSTALL}): ${where}`);
    this.skip();
  });
}

export function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error(`no Chromium: ${INSTALL}`);
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
