import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { BotConfig } from '../../server/config';
import { openStorage } from '../../storage/openStorage';
import type { TicketStorage } from '../../storage/storage';
import { HelpDeskRegistration, HelpDeskRegistry } from '../../tickets/helpDesks';
import { ADMINS_SETTING, HelpDeskRoles } from '../../tickets/helpDeskRoles';
import { fail, Finding, networkError, pass, skip, warn } from './finding';

const CHECK = 'storage';
const TIMEOUT_MS = 10_000;

/** The storage checked, for the checks that read it next; undefined when it could not be read. */
export interface StorageCheck {
  findings: Finding[];
  storage?: TicketStorage;
}

/**
 * Whether the bot can keep tickets. Blob Storage takes a probe record written, read back
 * and deleted (any number of instances share it). A file store belongs to the one bot
 * process that may be running on it (it replays and removes journals when opened for
 * writing): it is opened read-only, as npm run report does, and its folder's permissions
 * are checked, with nothing written beside the running bot.
 */
export async function checkStorage(config: BotConfig, timeoutMs = TIMEOUT_MS): Promise<StorageCheck> {
  const { escalation } = config;
  if (escalation.storage === 'file') return checkFileStorage(config);
  let storage: TicketStorage;
  try {
    storage = openStorage(escalation, config.dataDir);
  } catch (error) {
    return { findings: [fail(CHECK, (error as Error).message, 'set AZURE_STORAGE_ACCOUNT_URL=https://ACCOUNT.blob.core.windows.net, or STORAGE=file')] };
  }
  const where = `container ${escalation.blobContainer} of ${escalation.blobAccountUrl || 'the account of AZURE_STORAGE_CONNECTION_STRING'}`;
  try {
    await withTimeout(probeRecord(storage), timeoutMs);
    return { findings: [pass(CHECK, `Blob Storage, ${where}: a probe record written, read back and deleted`)], storage };
  } catch (error) {
    return { findings: [blobFinding(error as Error, where)] };
  }
}

async function checkFileStorage(config: BotConfig): Promise<StorageCheck> {
  const folder = path.join(config.dataDir, 'store');
  try {
    await writableFolder(folder);
  } catch (error) {
    return { findings: [fail(CHECK, `files in ${folder}: ${(error as Error).message}`, `set DATA_DIR to a folder the bot's user can write (now ${config.dataDir}); in Docker, mount a volume on /data`)] };
  }
  const storage = openStorage(config.escalation, config.dataDir, { readOnly: true });
  return { findings: [pass(CHECK, `files in ${folder}: writable; one bot instance per folder (STORAGE=blob for more)`)], storage };
}

/**
 * Throws unless the bot could write files in `folder`, or create it where its nearest
 * existing parent is (as the bot does on its first write), without writing anything.
 */
async function writableFolder(folder: string): Promise<void> {
  try {
    if (!(await fs.stat(folder)).isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a folder, ${folder}`), { code: 'ENOTDIR' });
    await fs.access(folder, fsConstants.W_OK | fsConstants.X_OK);
  } catch (error) {
    const parent = path.dirname(folder);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && parent !== folder) return writableFolder(parent);
    throw error;
  }
}

/** A record written, read back and deleted, under a key of its own (no other instance writes it). */
async function probeRecord(storage: TicketStorage): Promise<void> {
  const key = `doctor/probe-${randomBytes(8).toString('hex')}`;
  const at = new Date().toISOString();
  await storage.write({ [key]: { at, eTag: '*' } });
  try {
    const read = (await storage.read([key]))[key];
    if (read?.at !== at) throw new Error('the probe record read back is not what was written');
  } finally {
    await storage.delete([key]);
  }
  if ((await storage.read([key]))[key]) throw new Error('the probe record is still there after its deletion');
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { name: 'TimeoutError' })), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** What a failed blob probe means, and its fix: no credential here, no access, no such account. */
function blobFinding(error: Error & { statusCode?: number; code?: string }, where: string): Finding {
  if (/CredentialUnavailable|AggregateAuthentication/.test(error.name)) {
    return warn(CHECK, `could not check ${where}: no Azure credential on this machine`, 'az login (your user needs Storage Blob Data Contributor), or run the doctor where the bot runs with its managed identity (AZURE_CLIENT_ID)');
  }
  if (error.statusCode === 403) {
    return fail(CHECK, `${where} refused access (${error.code ?? 'HTTP 403'})`, 'give the bot\'s identity the role Storage Blob Data Contributor on the storage account, or correct AZURE_STORAGE_CONNECTION_STRING\'s key');
  }
  const reason = error.name === 'TimeoutError' ? error.message : error.statusCode ? `HTTP ${error.statusCode} ${error.code ?? ''}`.trim() : networkError(error);
  return fail(CHECK, `${where}: ${reason}`, 'check AZURE_STORAGE_ACCOUNT_URL (https://ACCOUNT.blob.core.windows.net) or AZURE_STORAGE_CONNECTION_STRING, and that this machine reaches the account');
}

/**
 * Where tickets go: at least one help desk conversation an administrator registered, or a
 * webhook; who may act (tickets/helpDeskRoles.ts: with an app id, nobody until
 * HELP_DESK_ADMINS is set); and registrations that no longer count.
 */
export async function checkHelpDesks(config: BotConfig, storage: TicketStorage | undefined): Promise<Finding[]> {
  const check = 'help desk';
  if (!storage) return [skip(check, 'not checked: the storage could not be read')];
  let all;
  try {
    all = await new HelpDeskRegistry(storage).all();
  } catch (error) {
    return [fail(check, `registrations could not be read: ${(error as Error).message}`, 'correct the storage settings (see the storage check)')];
  }
  const roles = new HelpDeskRoles(config.escalation);
  const registered = all.filter((r) => roles.counts(r));
  const ignored = all.filter((r) => !roles.counts(r));
  const findings: Finding[] = [];
  if (roles.unconfigured) {
    findings.push(warn(check, `${ADMINS_SETTING} is empty: with an app id nobody can register a help desk conversation, take, resolve or approve; escalated tickets wait`,
      `set ${ADMINS_SETTING} to the help desk administrators' Entra object ids, comma-separated (azd env set ${ADMINS_SETTING} ...; the card refusing "register escalations here" shows the person's id)`));
  } else if (registered.length) {
    findings.push(pass(check, `${registered.length} conversation${registered.length === 1 ? '' : 's'} registered: ${registered.map(named).join('; ')}`));
  } else if (config.escalation.webhookUrl) {
    findings.push(pass(check, 'no conversation registered: tickets go to the webhook only'));
  } else {
    findings.push(warn(check, 'no help desk conversation registered and no webhook: escalated tickets wait until one is', `an administrator (${ADMINS_SETTING}) posts "@Help Desk register escalations here" in the help desk's Teams channel, or set ESCALATION_WEBHOOK_URL`));
  }
  if (ignored.length) {
    findings.push(warn(check, `${ignored.length} conversation${ignored.length === 1 ? '' : 's'} registered by someone not in ${ADMINS_SETTING} get${ignored.length === 1 ? 's' : ''} no tickets: ${ignored.map(named).join('; ')}`,
      `an administrator says "register escalations here" there again (or "stop escalations here"), or add the person to ${ADMINS_SETTING}`));
  }
  if (config.escalation.rolesRequired && config.escalation.helpDeskLeads === 'members') {
    findings.push(pass(check, 'leads: every member of a help desk conversation can approve knowledge (HELP_DESK_LEADS=members)'));
  }
  return findings;
}

/** "IT Help Desk (msteams, by Ann)" */
function named(registration: HelpDeskRegistration): string {
  return `${registration.reference.conversation?.name ?? registration.reference.conversation?.id} (${registration.reference.channelId}, by ${registration.registeredBy.name ?? registration.registeredBy.id})`;
}
