import * as fs from 'node:fs';
import * as path from 'node:path';
import { startApp, RunningApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { DirectLineUser } from '../directLineClient';
import { escalationConfig } from '../ticketHelpers';
import { tempDir } from '../tempDir';
import { Asked, PRINTER_KNOWLEDGE } from './printerKnowledge';

/** The bot with the printers' knowledge besides the shipped one, anonymous (the local chat), with its own data folder. */
export function startWithPrinters(reportsToken = ''): Promise<RunningApp> {
  const knowledge = tempDir('printers');
  fs.writeFileSync(path.join(knowledge, 'printers.yaml'), PRINTER_KNOWLEDGE);
  return startApp({ ...readConfig(), port: 0, microsoftAppId: '', microsoftAppPassword: '', dataDir: tempDir('learning'), knowledgePath: [knowledge], escalation: escalationConfig({ reportsToken }) });
}

/** Every Action.Submit's data in a card activity, in the order the card shows them. */
function actions(activity: any): Array<Record<string, any>> {
  const found: Array<Record<string, any>> = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (node.type === 'Action.Submit' && node.data?.action) found.push(node.data);
    Object.values(node).forEach(walk);
  };
  walk(activity.attachments);
  return found;
}

/** What the reply card does for the user: the entry it answers with, or the entries it offers to pick from, in order. */
export function replyOf(card: any): { answered?: string; offered: string[] } {
  const all = actions(card);
  const answered = all.find((a) => a.action === 'feedback')?.entryId;
  return { answered, offered: all.filter((a) => a.action === 'pick').map((a) => a.entryId) };
}

/** A new user of the local chat asks; resolves with the reply card, the user and the card's actions. */
export async function ask(app: RunningApp, asked: Asked, prefix: string) {
  const user = await DirectLineUser.open(app.url, { id: `${prefix}-${asked.user}`, name: `User ${asked.user}` });
  const sent = await user.say(asked.question);
  const card = await user.fromBot((a) => a.replyToId === sent && a.attachments?.length, `the reply to "${asked.question}"`);
  return { user, card, actions: actions(card) };
}

/**
 * The user resolves the question with the right entry: picks it on a clarify card, or
 * marks the answer helpful; false when the card has neither for it.
 */
export async function resolveWithRightEntry(asked: Asked, { user, actions: all }: Awaited<ReturnType<typeof ask>>): Promise<boolean> {
  const pick = all.find((a) => a.action === 'pick' && a.entryId === asked.entryId);
  const helpful = all.find((a) => a.action === 'feedback' && a.helpful === true && a.entryId === asked.entryId);
  if (!pick && !helpful) return false;
  const clicked = await user.submit(pick ?? helpful!);
  await user.fromBot((a) => a.replyToId === clicked, 'the reply to the click');
  return true;
}

/** GET or POST /api/suggestions as the dashboard does. */
export async function suggestionsApi(app: RunningApp, body?: object, token?: string): Promise<{ status: number; json: any }> {
  const response = await fetch(`${app.url}/api/suggestions`, {
    method: body ? 'POST' : 'GET',
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: await response.json() };
}

/** Tallies of how the bot replied to questions about known entries. */
export function tally(replies: Array<{ asked: Asked; reply: { answered?: string; offered: string[] } }>) {
  return {
    answered: replies.filter(({ asked, reply }) => reply.answered === asked.entryId).length,
    first: replies.filter(({ asked, reply }) => (reply.answered ?? reply.offered[0]) === asked.entryId).length,
  };
}
