/*
 * channels/: what each chat channel supports, asked by its channel id ("msteams",
 * "webchat", "emulator", ...), and the message shapes that follow from it (the Teams card
 * conversion, messages cut to the size a channel accepts). Below bot/ and escalation/;
 * knows nothing of the Bot Framework: a message here is a plain activity-shaped object.
 */

/** What the bot relies on a channel for. */
export interface Channel {
  /**
   * How a card button reaches the bot: Universal Actions (`execute`: Action.Execute, an
   * invoke whose response replaces the card) or `submit` (Action.Submit, a message; the
   * bot replaces the card by updating the message that carried it, where it can).
   */
  cardActions: 'execute' | 'submit';
  /** Largest message sent, in bytes of the activity's JSON: longer replies go in several messages. */
  maxMessageBytes: number;
  /** Says when the app is installed (installationUpdate): no welcome when someone opens the conversation. */
  welcomesOnInstall: boolean;
  /** Takes event activities: a `handoff.initiate` reaches an agent hub connected to it. */
  handoffEvents: boolean;
  /** A channel conversation has a thread per message: "<conversation>;messageid=<root>". */
  threadsById: boolean;
}

/**
 * Teams may refuse a message past about 25 KB (413), counted on the activity as sent,
 * cards and their fallbacks included. Every channel gets the same limit: a reply cut for
 * Teams passes everywhere, and reads the same in the local chat as in Teams.
 */
const MAX_MESSAGE_BYTES = 24 * 1024;

const TEAMS: Channel = {
  cardActions: 'execute',
  maxMessageBytes: MAX_MESSAGE_BYTES,
  welcomesOnInstall: true,
  // Teams has no agent hubs and does not take event activities.
  handoffEvents: false,
  threadsById: true,
};

/** Web Chat, Direct Line, the Emulator and any other channel: Bot Framework's defaults. */
const OTHER: Channel = {
  cardActions: 'submit',
  maxMessageBytes: MAX_MESSAGE_BYTES,
  welcomesOnInstall: false,
  handoffEvents: true,
  threadsById: false,
};

const CHANNELS: ReadonlyMap<string, Channel> = new Map([['msteams', TEAMS]]);

/** What the channel of this id supports. */
export function channel(channelId: string | undefined): Channel {
  return (channelId && CHANNELS.get(channelId)) || OTHER;
}
