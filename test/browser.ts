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
