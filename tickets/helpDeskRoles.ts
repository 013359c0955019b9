import type { EscalationConfig } from './config';
import type { HelpDeskRegistration } from './helpDesks';
import type { Person } from './ticket';

/** The setting a deployment with an app id needs before anyone may act for the help desk. */
export const ADMINS_SETTING = 'HELP_DESK_ADMINS';

export type RolesConfig = Pick<EscalationConfig, 'helpDeskAdmins' | 'helpDeskLeads' | 'rolesRequired'>;

/**
 * Who may act for the help desk. In a real tenant (an app id: `rolesRequired`) the roles
 * are closed: only HELP_DESK_ADMINS register a help desk conversation; the members of a
 * conversation an admin registered take and resolve tickets; the leads (HELP_DESK_LEADS,
 * the admins unless set, or every member of such a conversation with
 * HELP_DESK_LEADS=members) approve, discard and withdraw drafts. While no admin is set,
 * nobody. Run anonymously (locally, to try it), an empty list means anyone.
 */
export class HelpDeskRoles {
  constructor(private readonly config: RolesConfig) {}

  /** True while nobody may act: a deployment that requires roles, without HELP_DESK_ADMINS. */
  get unconfigured(): boolean {
    return this.config.rolesRequired && !this.config.helpDeskAdmins.length;
  }

  /** May register or unregister a help desk conversation. */
  isAdmin(who: Person): boolean {
    const { helpDeskAdmins, rolesRequired } = this.config;
    return helpDeskAdmins.length ? listed(helpDeskAdmins, who) : !rolesRequired;
  }

  /** A help desk: registered by an admin. One registered by someone else (before the roles were set) gets no tickets. */
  counts(registration: HelpDeskRegistration): boolean {
    return this.isAdmin(registration.registeredBy);
  }

  /** May approve, discard or withdraw a draft entry, being a member of a help desk conversation. */
  isLead(who: Person): boolean {
    const leads = this.config.helpDeskLeads;
    if (leads === 'members') return !this.unconfigured;
    return leads.length ? listed(leads, who) : this.isAdmin(who);
  }
}

function listed(ids: string[], who: Person): boolean {
  return ids.includes(who.id) || (who.aadObjectId !== undefined && ids.includes(who.aadObjectId));
}
