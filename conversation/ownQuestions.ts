/**
 * Messages about the bot itself rather than about a problem: asking what it can do,
 * asking for a person, thanking it. They get the bot's own replies, never knowledge
 * base entries ("how do I escalate" is no question about sync codes).
 */
export type OwnQuestion = 'help' | 'person' | 'thanks';

/** Politeness and filler around the request: "please", "can you", "how do I". */
const LEAD = String.raw`^(?:(?:hi|hey|hello|ok|okay|please|pls)[,!.]?\s+)*(?:(?:how|where)\s+(?:do|can)\s+i\s+|can\s+i\s+|could\s+i\s+|i\s+(?:want|need|would\s+like|'d\s+like)\s+to\s+|(?:can|could)\s+you\s+)?`;
const PERSON = String.raw`(?:escalate(?:\s+this)?|(?:talk|speak|chat)\s+(?:to|with)\s+(?:a|an|the|some)?\s*(?:person|human|agent|someone|somebody|technician|help\s*desk|service\s*desk|support)|(?:reach|contact|call)\s+(?:the\s+)?(?:help\s*desk|service\s*desk|support|a\s+person|a\s+human|someone)|(?:open|raise|log|create)\s+(?:a\s+)?(?:ticket|case|incident)|get\s+(?:a\s+)?(?:human|person))`;

const QUESTIONS: Array<[RegExp, OwnQuestion]> = [
  [/^\s*(?:help|\?|start|menu|hi|hey|hello|what can you do|what do you know)\s*[?!.]*\s*$/i, 'help'],
  [new RegExp(`${LEAD}${PERSON}\\s*(?:please|now)?\\s*[?!.]*\\s*$`, 'i'), 'person'],
  [/^\s*(?:ok(?:ay)?[,!.]?\s+)?(?:thanks?|thank\s+you|thx|ty|cheers|great|perfect|that\s+(?:helped|worked))(?:\s+(?:a\s+lot|so\s+much|very\s+much|again))?\s*[!.]*\s*$/i, 'thanks'],
];

/** Which of the bot's own questions a message is, if any; a message about a problem is none. */
export function ownQuestion(text: string): OwnQuestion | undefined {
  return QUESTIONS.find(([pattern]) => pattern.test(text))?.[1];
}
