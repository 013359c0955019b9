import * as assert from 'node:assert/strict';
import { replyCards, welcomeCard } from '../../cards/cards';
import { cardSummary } from '../../cards/summary';
import { shippedHelpDesk } from '../helpers';

const card = (text: string) => ({ type: 'AdaptiveCard', body: [{ type: 'TextBlock', text, size: 'Large' }] });

describe('card summaries: what a Teams notification shows', () => {
  it('keeps a code as the knowledge writes it: the answer about MIS_3 says "MIS_3", not "MIS3"', () => {
    const helpDesk = shippedHelpDesk();
    const [answer] = replyCards(helpDesk.matcher.match('what is MIS3'), helpDesk.cardContext);
    assert.match(cardSummary(answer), /\bMIS_3\b/);
  });

  it('keeps every underscore of a long symbolic name', () => {
    assert.equal(cardSummary(card('Sync stops with SYNC_STATUS_CODE_SYNCKEY on the device')), 'Sync stops with SYNC_STATUS_CODE_SYNCKEY on the device');
  });

  it('still drops markdown marks a notification would show as they are', () => {
    assert.equal(cardSummary(card('Type **help** or _any_ `code`, see [Q224801](https://x.example)')), 'Type help or any code, see Q224801(https://x.example)');
    assert.doesNotMatch(cardSummary(welcomeCard(shippedHelpDesk().kb)), /[*`]/);
  });
});
