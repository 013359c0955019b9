import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type AppBasedLinkQuery,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  TurnContext,
} from 'botbuilder';
import { CardAction, CardVerb, parseCardAction } from '../cards/actions';
import { channel } from '../channels/channels';
import type { CardReply, MessageBranch, VerbHandler } from '../conversation/routes';
import type { ChatTurn } from '../conversation/turn';
import type { CardReplies } from './cardReplies';
import { chatTurn } from './turnAdapter';

/** The invokes the bot answers, by name, with what each receives and returns. */
interface Invokes {
  /** A card button in Teams (Universal Actions, Action.Execute). */
  'adaptiveCard/action': (context: TurnContext, value: AdaptiveCardInvokeValue) => Promise<AdaptiveCardInvokeResponse>;
  /** The compose box search (the app's message extension). */
  'composeExtension/query': (context: TurnContext, query: MessagingExtensionQuery) => Promise<MessagingExtensionResponse>;
  /** A link to one of the bot's pages, pasted in a message (link unfurling). */
  'composeExtension/queryLink': (context: TurnContext, query: AppBasedLinkQuery) => Promise<MessagingExtensionResponse>;
}

type Welcome = (turn: ChatTurn) => Promise<void>;

const UNKNOWN_ACTION: AdaptiveCardInvokeResponse = { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'unknown action' } as any };

/**
 * The bot's routes, registered by name, in the manner of the Agents SDK's
 * `app.onMessage(...)` and `adaptiveCards.actionExecute(verb, handler)`: the branches of
 * a message (tried in the order registered), the card verbs, the invokes, and what a new
 * conversation gets. bot/helpDeskBot.ts holds the table; this runs it.
 */
export class Routes {
  private readonly branches: Array<{ name: string; branch: MessageBranch }> = [];
  private readonly verbs = new Map<CardVerb, VerbHandler<CardVerb>>();
  private readonly invokes: Partial<Invokes> = {};
  private installed?: Welcome;
  private joined?: Welcome;

  constructor(private readonly replies: CardReplies) {}

  /** Teams says the app was installed: in a personal chat, or once in a team or group chat. */
  onInstall(handler: Welcome): this {
    this.installed = handler;
    return this;
  }

  /** Someone opened a conversation with the bot, in a channel that says nothing of installs. */
  onMembersAdded(handler: Welcome): this {
    this.joined = handler;
    return this;
  }

  onMessage(name: string, branch: MessageBranch): this {
    this.branches.push({ name, branch });
    return this;
  }

  onVerb<V extends CardVerb>(verb: V, handler: VerbHandler<V>): this {
    this.verbs.set(verb, handler as unknown as VerbHandler<CardVerb>);
    return this;
  }

  onInvoke<N extends keyof Invokes>(name: N, handler: Invokes[N]): this {
    this.invokes[name] = handler;
    return this;
  }

  /** A card button clicked in a client that sends Action.Submit: its data comes as a message's value. */
  readonly cardSubmit: MessageBranch = async (turn, { value }) => {
    const action = parseCardAction(value);
    const reply = action && (await this.verb(turn, action));
    if (reply) await this.replies.show(turn, reply);
    return reply !== undefined;
  };

  /** A card button clicked in Teams: the invoke response shows what it gave. */
  readonly cardInvoke: Invokes['adaptiveCard/action'] = async (context, value) => {
    const action = parseCardAction({ ...value.action?.data, action: value.action?.verb ?? value.action?.data?.action });
    const reply = action && (await this.verb(chatTurn(context), action));
    return reply ? this.replies.invokeResponse(reply) : UNKNOWN_ACTION;
  };

  /** Runs the first message branch that takes the message. */
  async message(context: TurnContext): Promise<void> {
    const turn = chatTurn(context);
    const { activity } = context;
    const message = { text: messageText(context), value: activity.value, attachments: activity.attachments };
    for (const { branch } of this.branches) if (await branch(turn, message)) return;
  }

  async install(context: TurnContext): Promise<void> {
    await this.installed?.(chatTurn(context));
  }

  /** Someone other than the bot joined, where the channel says nothing of installs. */
  async membersAdded(context: TurnContext): Promise<void> {
    const { membersAdded = [], recipient, channelId } = context.activity;
    if (channel(channelId).welcomesOnInstall || !membersAdded.some((member) => member.id !== recipient.id)) return;
    await this.joined?.(chatTurn(context));
  }

  invoke<N extends keyof Invokes>(name: N): Invokes[N] | undefined {
    return this.invokes[name];
  }

  private verb(turn: ChatTurn, action: CardAction): Promise<CardReply> | undefined {
    const handler = this.verbs.get(action.action) as ((turn: ChatTurn, action: CardAction) => Promise<CardReply>) | undefined;
    return handler?.(turn, action);
  }
}

/** The user's words, without the bot's @mention (group chats and channels in Teams). */
function messageText(context: TurnContext): string {
  const activity = context.activity;
  if (activity.entities?.some((e) => e.type === 'mention')) TurnContext.removeRecipientMention(activity);
  return (activity.text ?? '').replace(/<at>[^<]*<\/at>/gi, '').trim();
}
