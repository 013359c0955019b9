import * as assert from 'node:assert/strict';
import { answerCard, escalatedCard, replyCards, welcomeCard } from '../../cards/cards';
import { forTeams } from '../../channels/teamsCards';
import { adaptiveCardProblems, visibleText, walk } from '../adaptiveCardValidator';
import { shippedHelpDesk } from '../helpers';
import { article, linkerPaste, matcherOf } from '../articleFixtures';
import { expand, renderOnce } from '../../cards/cardTemplates';

const helpDesk = () => shippedHelpDesk();
/** Two articles quoting one message; the second lists both of its codes. */
const twoCodesOneArticle = () => {
  const message = (second: string) => `The error '317' occurred while formatting Windows NT error '${second}'. Microsoft Windows NT`;
  return matcherOf([article('Q195214', 'Updates fail on node two', [message('2220')], ['317', '2220']),
    article('Q165371', 'Accounts fail on node one', [message('2245')], ['317', '2245'])])
    .match("error '317' occurred while formatting Windows NT error '2245'. Microsoft Windows NT");
};
const cardsFor = (text: string) => replyCards(helpDesk().matcher.match(text), helpDesk().cardContext);

const QUESTIONS = [
  'iissync returned 2148007941', 'what is MIS_3', 'error 3', 'how do I reset my password',
  'iissync returned 2147500037', 'error 0x80004321', 'iissync returned 1722 then 2148598797',
  'what is MIS_31', 'iissync returned 17 or 18', 'MIS_3 and error 1726',
];

describe('cards: valid Adaptive Cards 1.5 for Web Chat and Teams', () => {
  for (const question of QUESTIONS) {
    it(`reply to "${question}"`, () => {
      const cards = cardsFor(question);
      assert.ok(cards.length > 0);
      for (const card of cards) {
        assert.deepEqual(adaptiveCardProblems(card), []);
        assert.deepEqual(adaptiveCardProblems(forTeams(card)), []);
      }
    });
  }
  it('welcome and escalation confirmation cards', () => {
    for (const card of [welcomeCard(helpDesk().kb), escalatedCard({ ticketId: 'HD-ABC', query: 'q', comment: '' })]) {
      assert.deepEqual(adaptiveCardProblems(card), []);
      assert.deepEqual(adaptiveCardProblems(forTeams(card)), []);
    }
  });
});

describe('cards: a code the knowledge base does not document', () => {
  for (const [question, typed] of [['what is MIS_31', 'MIS_31'], ['error 0x80004321', '0x80004321'], ['what is mis 31', 'mis 31']]) {
    it(`says first that ${typed} is not in the knowledge base, then offers only other codes, then escalation`, () => {
      const [card] = cardsFor(question);
      const texts = visibleText(card);
      assert.equal(texts[0], `${typed} is not in the knowledge base`);
      assert.equal(card.body[0].weight, 'Bolder');
      const picks = card.actions.filter((a: any) => a.data?.action === 'pick');
      assert.ok(picks.every((a: any) => /^(Another code|In another system|Another article): /.test(a.title)), JSON.stringify(picks.map((a: any) => a.title)));
      assert.ok(!texts.some((t) => /MIS_31:/.test(t)), 'no entry is shown as MIS_31');
      assert.ok(card.actions.some((a: any) => a.title === 'Escalate to help desk'));
    });
  }

  it('names the system that lacks the code', () => {
    const texts = visibleText(cardsFor('iissync failed with status 17')[0]);
    assert.equal(texts[0], '17 is not in the knowledge base');
    assert.equal(texts[1], 'IISSYNC documents no code 17.');
  });
});

describe('cards: what the answer card shows', () => {
  it('system, code with its hex form, title, cause, numbered steps, source article as a link', () => {
    const [card] = cardsFor('iissync returned 2148007941');
    const text = visibleText(card).join('\n');
    const { matcher } = helpDesk();
    const entry = matcher.match('iissync returned 2148007941').matches[0].entry;
    assert.match(text, /IISSYNC status 2148007941 \(0x80080005\)/);
    assert.ok(text.includes(entry.title));
    assert.ok(text.includes(entry.cause));
    const texts = visibleText(card);
    entry.resolution.forEach((step, i) => {
      const at = texts.indexOf(step);
      assert.ok(at > 0 && texts[at - 1] === String(i + 1), `step ${i + 1} shown with its number`);
    });
    assert.match(text, /\[Q224801: [^\]]+\]\(https:\/\/kb\.example\.test\/Q224801\)/);
  });

  it('carries "Escalate to help desk" on answer, clarify and none cards, with the id of the question kept on the server', () => {
    for (const question of ['what is MIS_3', 'error 3', 'how do I reset my password']) {
      const [card] = replyCards(helpDesk().matcher.match(question), helpDesk().cardContext, { questionId: 'question-42' });
      const escalate = card.actions.find((a: any) => a.title === 'Escalate to help desk');
      assert.ok(escalate, `no escalate action for "${question}"`);
      const submit = escalate.card.actions[0];
      assert.equal(submit.data.action, 'escalate');
      assert.equal(submit.data.questionId, 'question-42');
    }
  });

  it('offers "Related articles" only where there are some', () => {
    const titles = (card: any) => card.actions.map((a: any) => a.title);
    const [withRelated] = cardsFor('iissync returned 2147500037');
    assert.ok(titles(withRelated).includes('Related articles'));
    const related = JSON.stringify(withRelated.actions.find((a: any) => a.title === 'Related articles'));
    assert.match(related, /Q191138/);
    const [without] = cardsFor('iissync returned 1726');
    assert.ok(!titles(without).includes('Related articles'));
  });

  it('offers the candidates and "None of these" when a code is ambiguous', () => {
    const [card] = cardsFor('error 3');
    const titles = card.actions.map((a: any) => a.title);
    assert.ok(titles.includes('None of these'));
    assert.equal(card.actions.filter((a: any) => a.data?.action === 'pick').length, 3);
  });

  it('shows user text only as plain text runs: no markdown links or template expressions get in', () => {
    const hostile = 'error 3 [click here](https://evil.example) **bold** ${$root.query} <script>alert(1)</script>';
    for (const card of cardsFor(hostile)) {
      walk(card, (node) => {
        if (node.type === 'TextBlock') {
          assert.ok(!node.text.includes('evil.example'), `user text in a markdown TextBlock: ${node.text}`);
        }
      });
      const runs: string[] = [];
      walk(card, (node) => { if (node.type === 'TextRun') runs.push(node.text); });
      assert.ok(runs.some((t) => t.includes('[click here](https://evil.example)')), 'the question is shown verbatim as plain text');
    }
  });

  it('turns every Action.Submit into Action.Execute with a Submit fallback for Teams', () => {
    const card = forTeams(cardsFor('error 3')[0]);
    let executes = 0;
    walk(card, (node) => {
      if (node.type === 'Action.Execute') {
        executes++;
        assert.equal(node.verb, node.data.action);
        assert.equal(node.fallback.type, 'Action.Submit');
      }
    });
    assert.ok(executes >= 5);
  });

  it('answers the codes it can and asks which system for a code two systems document, dropping none', () => {
    const cards = cardsFor('MIS_3 on the phone, and error 1726 from the server');
    assert.equal(cards.length, 2);
    assert.match(visibleText(cards[0]).join('\n'), /MIS_3: sync key mismatch/);
    const choice = visibleText(cards[1]).join('\n');
    assert.match(choice, /Which one is it/);
    assert.match(choice, /IISSYNC status 1726/);
    assert.match(choice, /Win32 error 1726/);
  });

  it('offers the articles a pasted message quotes, then asks which system the number in it belongs to', () => {
    const { matcher, paste } = linkerPaste();
    const cards = replyCards(matcher.match(paste), helpDesk().cardContext);
    assert.equal(cards.length, 2);
    assert.match(visibleText(cards[0]).join('\n'), /Linker stops in project type/);
    assert.match(visibleText(cards[1]).join('\n'), /Microsoft Fax status 1/);
  });

  it('names every code of the message that one answer answers', () => {
    const { cardContext } = helpDesk();
    const result = twoCodesOneArticle();
    const card = JSON.stringify(answerCard(result.matches[0], result, cardContext));
    assert.match(card, /"title":"Codes","value":"317, 2245"/, 'both codes, in the order the message names them');
    assert.doesNotMatch(card, /"title":"Hex"/, 'no hex row that could be either code\'s');
  });

  it('lists other documented causes of the same code', () => {
    const { matcher, cardContext } = helpDesk();
    const result = matcher.match('iissync returned 2148007941');
    const card = answerCard(result.matches[0], result, cardContext);
    assert.ok(result.matches[0].others.length >= 1);
    assert.ok(visibleText(card).some((t) => t.includes(result.matches[0].others[0].title)));
  });
});

describe('cards: made once per distinct data, copied for each turn', () => {
  const QUERIES = ['what is MIS_3', 'a $& $1 $$ ${query} "quoted" \\ back\u2063slash', ''];

  it('a card from the cache equals the card the templating engine makes with the turn\'s values', () => {
    const data = (turn: { query: string; cardId: string }) => ({
      heading: 'Heading',
      query: turn.query,
      escalate: { action: 'escalate', query: turn.query, decision: 'none', entryIds: [], ...(turn.cardId ? { cardId: turn.cardId } : {}) },
    });
    const render = (d: ReturnType<typeof data>) => expand('none', d);
    for (const query of QUERIES) {
      for (const cardId of ['card-1', 'card-2', '']) {
        const turn = { query, cardId };
        const cached = renderOnce('test-none', turn, data, render);
        assert.deepEqual(renderOnce('test-none', turn, data, render), cached, 'served again');
        assert.deepEqual(cached, render(data(turn)));
      }
    }
  });

  it('each turn gets its own question id and card id in every reply card, and no card carries the question', () => {
    const { matcher, cardContext } = helpDesk();
    for (const question of ['what is MIS_3', 'error 3', 'how do I reset my password', 'iissync returned 2148007941']) {
      for (const [i, asked] of [question, `${question} please`, `${question} $& \${query}`].entries()) {
        const result = matcher.match(asked);
        const cards = replyCards(result, cardContext, { questionId: `question${i}`, cardId: `card-${i}` });
        const actions: any[] = [];
        for (const card of cards) walk(card, (node) => { if (node.type === 'Action.Submit' && node.data?.questionId !== undefined) actions.push(node.data); });
        assert.ok(actions.length > 0);
        for (const data of actions) {
          assert.equal(data.questionId, `question${i}`);
          assert.ok(!JSON.stringify(data).includes(asked), `no action carries the question (${data.action})`);
          if (data.action !== 'pick' && data.action !== 'none-of-these') assert.equal(data.cardId, `card-${i}`);
        }
      }
    }
  });

  it('a knowledge reload or a new article page base is shown at once, not a card from before', () => {
    const { matcher, cardContext } = helpDesk();
    const result = matcher.match('iissync returned 2148007941');
    const before = answerCard(result.matches[0], result, cardContext);
    const entry = { ...result.matches[0].entry, title: 'A title the reload brought', cause: 'A cause the reload brought.' };
    const reloaded = answerCard({ ...result.matches[0], entry }, result, cardContext);
    assert.ok(visibleText(reloaded).includes('A title the reload brought'));
    assert.ok(visibleText(reloaded).includes('A cause the reload brought.'));
    assert.ok(!visibleText(before).includes('A title the reload brought'));
    const movedContext = { ...cardContext, kbBaseUrl: 'https://kb.moved.test/' };
    assert.match(JSON.stringify(answerCard(result.matches[0], result, movedContext)), /https:\/\/kb\.moved\.test\/Q224801/);
  });
});

describe('cards: polish Teams users notice', () => {
  const entryOf = (text: string) => helpDesk().matcher.match(text).matches[0];

  it('imported steps that number themselves are numbered once', () => {
    const match = entryOf('what is MIS_3');
    const entry = { ...match.entry, resolution: ['1. Open Server ActiveSync', '2) Switch the data type off', 'Sync again'] };
    const card = answerCard({ ...match, entry }, { ...helpDesk().matcher.match('what is MIS_3') }, helpDesk().cardContext);
    const shown = visibleText(card).join('\n');
    assert.match(shown, /^Open Server ActiveSync$/m);
    assert.match(shown, /^Switch the data type off$/m);
    assert.doesNotMatch(shown, /^\d[.)] /m);
  });

  it('a title with brackets keeps its link whole', () => {
    const { cardContext } = helpDesk();
    const articles = new Map(cardContext.articles);
    articles.set('Q224801', { ...articles.get('Q224801')!, title: 'IISSYNC [Cluster] Status Codes' } as any);
    const card = answerCard(entryOf('what is IISSYNC 1726'), helpDesk().matcher.match('iissync returned 1726'), { ...cardContext, articles });
    assert.match(JSON.stringify(card), /\[Q224801: IISSYNC \(Cluster\) Status Codes\]\(https:/);
  });

  it('clarify buttons carry short labels that tell the candidates apart', () => {
    const [card] = cardsFor('error 3');
    const titles = card.actions.filter((a: any) => a.data?.action === 'pick').map((a: any) => a.title);
    assert.ok(titles.length >= 2);
    assert.equal(new Set(titles).size, titles.length, titles.join(' | '));
    for (const title of titles) assert.ok(title.length <= 32, title);
    assert.ok(titles.includes('MIS_3') && titles.includes('IISSYNC 3'), titles.join(' | '));
  });

  it('the welcome lists the systems as wrapping text, not a fact table that breaks words', () => {
    const card = welcomeCard(helpDesk().kb);
    walk(card, (node) => assert.notEqual(node.type, 'FactSet'));
    for (const system of helpDesk().kb.systems) assert.ok(visibleText(card).some((t) => t.startsWith(`${system.name}: `)), system.name);
  });

  it('the escalation confirmation keeps the answer it came from, collapsed', () => {
    const [answer] = cardsFor('what is MIS_3');
    const card = escalatedCard({ ticketId: 'HD-ABCDEFGH', query: 'what is MIS_3', comment: '' }, answer);
    const kept = card.actions.find((a: any) => a.type === 'Action.ShowCard');
    assert.ok(kept, 'a "show the answer" button');
    assert.match(visibleText(kept.card).join('\n'), /MIS_3: sync key mismatch/);
    assert.equal(adaptiveCardProblems(card).length, 0);
    assert.equal(escalatedCard({ ticketId: 'HD-ABCDEFGH', query: 'x', comment: '' }).actions, undefined, 'nothing to show without an answer');
  });
});

describe('cards: what was read of a long paste', () => {
  it('never says it read all of a log it stopped reading, and says from which line on', () => {
    const lines = Array.from({ length: 2_500 }, (_, i) => `ERROR request ${i * 7919} failed after ${i} retries`).join('\n');
    const [reading] = cardsFor(lines);
    const text = visibleText(reading).join('\n');
    assert.match(text, /^I read 2,500 lines \(\d+ KB\), but not every line with an error/);
    assert.doesNotMatch(text, /I read all/);
    assert.match(text, /500 more lines with an error or a code, from line 2,001 on, were not read/);
  });
});
