import type { StorageConfig } from '../storage/openStorage';
import type { OutboxTiming } from './outbox';

/** Escalation settings: where tickets are stored, where they are delivered, who may register a help desk. */
export interface EscalationConfig extends StorageConfig {
  /** Tickets are also POSTed here as JSON; empty: no webhook. */
  webhookUrl: string;
  /** When set, each webhook request is signed: X-HelpDesk-Signature: sha256=HMAC(body). */
  webhookSecret: string;
  /**
   * User ids or Entra object ids allowed to register a help desk conversation; empty: nobody
   * when roles are required, anyone while the bot runs anonymously (tickets/helpDeskRoles.ts).
   */
  helpDeskAdmins: string[];
  /**
   * User ids or Entra object ids allowed to approve, discard or withdraw draft knowledge
   * entries; empty: the admins; "members": every member of a help desk conversation an admin registered.
   */
  helpDeskLeads: string[] | 'members';
  /** Roles are closed (a deployment with an app id, MicrosoftAppId): empty lists mean nobody, not anyone. */
  rolesRequired: boolean;
  /** Bearer token for GET /api/reports; empty: the report is served only when the bot runs anonymously (locally). */
  reportsToken: string;
  outbox: OutboxTiming;
}

export function readEscalationConfig(env: NodeJS.ProcessEnv): EscalationConfig {
  const storage = (env.STORAGE ?? 'file').toLowerCase();
  if (storage !== 'file' && storage !== 'blob') throw new Error(`STORAGE must be "file" or "blob", not "${env.STORAGE}"`);
  return {
    storage,
    blobConnectionString: env.AZURE_STORAGE_CONNECTION_STRING ?? '',
    blobAccountUrl: env.AZURE_STORAGE_ACCOUNT_URL ?? '',
    blobContainer: env.AZURE_STORAGE_CONTAINER ?? 'helpdesk',
    webhookUrl: env.ESCALATION_WEBHOOK_URL ?? '',
    webhookSecret: env.ESCALATION_WEBHOOK_SECRET ?? '',
    helpDeskAdmins: idList(env.HELP_DESK_ADMINS),
    helpDeskLeads: env.HELP_DESK_LEADS?.trim().toLowerCase() === 'members' ? 'members' : idList(env.HELP_DESK_LEADS),
    rolesRequired: Boolean(env.MicrosoftAppId?.trim()),
    reportsToken: env.REPORTS_TOKEN ?? '',
    // Seconds-scale retries: a webhook receiver back after a restart gets its tickets within minutes.
    outbox: { pollMs: 2000, baseDelayMs: 1000, maxDelayMs: 5 * 60_000, leaseMs: 60_000 },
  };
}

function idList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((id) => id.trim()).filter(Boolean);
}
