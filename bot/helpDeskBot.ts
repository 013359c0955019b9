import { ActivityHandler } from 'botbuilder';

/** Placeholder until the matcher lands: echoes text. */
export class HelpDeskBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`You said: ${context.activity.text ?? ''}`);
      await next();
    });
  }
}
