import { Activity, ActivityHandler, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult, BotFrameworkAuthentication } from 'botframework-connector';
import { logOf } from '../observability/turn';
import type { ConversationAddress } from '../tickets/conversationAddress';

/** What /api/messages answers: the status, and the invoke response's body when there is one. */
export interface TurnResponse {
  status: number;
  body?: unknown;
}

/** Who called, as the token said: what a turn is run with. */
export type CallerIdentity = AuthenticateRequestResult;

/** The bot a turn runs: the HTTP side needs no more of botbuilder than this. */
export type TurnLogic = Pick<ActivityHandler, 'run'>;

/** A token that did not authenticate the caller; the caller is told no more than that. */
export class Unauthorized extends Error {}

/** A turn that failed and could not even apologise: already logged, answered 500. */
export class TurnFailed extends Error {}

/** What the user reads when their turn failed. */
const APOLOGY = 'Sorry, something went wrong on my side. Please try again.';

/**
 * No channel and no serviceUrl: botbuilder then checks the token alone (signature,
 * issuer, audience, expiry) and leaves the channel's endorsement and the serviceUrl claim
 * for when the activity is known.
 */
const NO_ACTIVITY = { channelId: '', serviceUrl: '' } as Activity;

/**
 * botbuilder's CloudAdapter, with authentication kept apart from the turn: `process`
 * validates a request's body with zod after it has been parsed and turns any token
 * failure other than its own error type into a 500 with library text. Here the token is
 * checked before the body is parsed (`authenticateCaller`), the body is validated
 * (inboundActivity.ts), then the token against it (`authenticate`); every token failure
 * is `Unauthorized`, and whatever fails in the turn stays a 500 without details.
 */
export class HelpDeskAdapter extends CloudAdapter {
  constructor(auth: BotFrameworkAuthentication) {
    super(auth);
    // One error line per failed turn, the apology's own failure in it.
    this.onTurnError = async (context, error) => {
      const apology = await context.sendActivity(APOLOGY).then(() => undefined, (reason: Error) => reason);
      logOf(context).error({ err: error, apologyFailed: apology?.message }, 'the turn failed');
      if (apology) throw new TurnFailed('the turn failed and the apology could not be sent');
    };
  }

  /** Whether the Authorization header holds a token this bot accepts, before the body is read as an activity. */
  async authenticateCaller(authorization: string): Promise<void> {
    await this.authenticate(NO_ACTIVITY, authorization);
  }

  /** The caller's identity for this activity: its token checked again, now with the channel and serviceUrl it must vouch for. */
  async authenticate(activity: Partial<Activity>, authorization: string): Promise<CallerIdentity> {
    try {
      return await this.botFrameworkAuthentication.authenticateRequest(activity as Activity, authorization);
    } catch (error) {
      throw new Unauthorized((error as Error).message);
    }
  }

  /**
   * Runs `logic` in a conversation reached again (a ticket's user, a help desk). The
   * product's address is the SDK's conversation reference field for field (the SDK's
   * type only insists on names the channels do not always send), so it is handed over as is.
   */
  continueAt(appId: string, address: ConversationAddress, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return this.continueConversationAsync(appId, address as Partial<ConversationReference>, logic);
  }

  async runTurn(identity: CallerIdentity, activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<TurnResponse> {
    const invokeResponse = await this.processActivity(identity, activity as Activity, logic);
    return { status: invokeResponse?.status ?? 200, body: invokeResponse?.body };
  }
}
