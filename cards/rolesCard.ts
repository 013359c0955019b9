import { AdaptiveCard, expand } from './cardTemplates';

/**
 * Why the person who tried to register a help desk (or act on a ticket) cannot: the roles
 * of a deployment with an app id are not set. Names the setting, and their own Entra
 * object id, which is what an administrator puts in it.
 */
export function rolesUnsetCard(setting: string, yourId: string | undefined): AdaptiveCard {
  return expand('roles-unset', { setting, yourId: yourId ?? '' });
}
