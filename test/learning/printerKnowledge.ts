/**
 * A small knowledge base about office printers, written the way a KB writes (the
 * entries' words), and how users describe the same problems in their own words (none of
 * which the entries use): the replay test asks in the one and the entries answer in the other.
 */
export const PRINTER_KNOWLEDGE = `
systems:
  - name: Printers
    description: The office's network printers and print queues.
    keywords: [printer, printers, printing]
    codeFormat: decimal
entries:
  - id: printer-paper-jam
    system: Printers
    codes: []
    names: []
    title: The printer reports a paper jam in the input tray
    symptoms: [The printer stops and reports a paper jam]
    messages: [Paper jam in tray 2]
    cause: Paper is folded or caught in the feed rollers.
    resolution: [Open the front door, remove the sheet from the rollers, close the door.]
    related: []
    keywords: []
  - id: printer-low-toner
    system: Printers
    codes: []
    names: []
    title: Printed output is faint because the toner cartridge is low
    symptoms: [Text and images print faint or streaked]
    messages: [Toner low]
    cause: The toner cartridge is nearly empty.
    resolution: [Replace the toner cartridge.]
    related: []
    keywords: []
  - id: printer-offline
    system: Printers
    codes: []
    names: []
    title: The printer shows as offline on the workstation
    symptoms: [The workstation cannot connect to the network printer]
    messages: [Printer offline]
    cause: The workstation lost the printer's network port.
    resolution: [Remove the printer and add it again from the print server.]
    related: []
    keywords: []
  - id: printer-stuck-queue
    system: Printers
    codes: []
    names: []
    title: Print jobs stay in the queue and are never printed
    symptoms: [Documents wait in the print queue]
    messages: [Spooler error]
    cause: The print spooler service stopped responding.
    resolution: [Restart the print spooler service, then send the job again.]
    related: []
    keywords: []
  - id: printer-garbled-output
    system: Printers
    codes: []
    names: []
    title: Pages print garbled characters after a driver update
    symptoms: [The printer outputs unreadable characters]
    messages: []
    cause: The new driver does not match the printer's language.
    resolution: [Install the printer model's own driver from the print server.]
    related: []
    keywords: []
`;

/** Per entry: a word of the KB's that first askers also use, and the users' own ways of describing the problem. */
export const USERS_WORDS: Record<string, { kbWord: string; said: string[] }> = {
  'printer-paper-jam': { kbWord: 'jam', said: ['keeps eating my letterhead', 'chews up the letterhead and grinds', 'crumpled forms wedged inside it', 'swallows my forms with a crunching noise'] },
  'printer-low-toner': { kbWord: 'toner', said: ['everything comes out washed out', 'my copies look pale and ghostly', 'the letters are barely visible', 'it looks like a faded photocopy'] },
  'printer-offline': { kbWord: 'offline', said: ['my laptop forgot it exists', 'it vanished from my computer', 'it is greyed out in the list', 'my pc dropped it overnight'] },
  'printer-stuck-queue': { kbWord: 'queue', said: ['my files just sit there pending', 'I hit the button and nothing happens at all', 'everything hangs there forever', 'stuff piles up on my screen'] },
  'printer-garbled-output': { kbWord: 'driver', said: ['spews weird symbols', 'gibberish all over the printout', 'random junk symbols instead of my words', 'spits out nonsense hieroglyphs'] },
};

/** How first askers frame it: their own words, and the KB's word for it. */
const FIRST_FRAMES = [
  (said: string, kbWord: string) => `the printer ${said}, is it a ${kbWord} problem?`,
  (said: string, kbWord: string) => `hi, printer ${said} - something about ${kbWord}`,
  (said: string, kbWord: string) => `printer on floor 3 ${said}. ${kbWord} maybe?`,
];
/** How later askers frame it: their own words only. */
const LATER_FRAMES = [
  (said: string, more: string) => `the printer ${said} and ${more}`,
  (said: string, more: string) => `hey, printer ${said}, also ${more}`,
  (said: string, more: string) => `printer trouble: ${said}; ${more}`,
];

export interface Asked {
  user: number;
  entryId: string;
  question: string;
}

/** `count` questions of first askers, round robin over the entries. */
export function firstQuestions(count: number): Asked[] {
  const ids = Object.keys(USERS_WORDS);
  return Array.from({ length: count }, (_, user) => {
    const entryId = ids[user % ids.length];
    const { kbWord, said } = USERS_WORDS[entryId];
    const round = Math.floor(user / ids.length);
    return { user, entryId, question: FIRST_FRAMES[round % FIRST_FRAMES.length](said[round % said.length], kbWord) };
  });
}

/** The same problems told again by other users, in other combinations of the users' words and none of the KB's. */
export function laterQuestions(count: number): Asked[] {
  const ids = Object.keys(USERS_WORDS);
  return Array.from({ length: count }, (_, user) => {
    const entryId = ids[user % ids.length];
    const { said } = USERS_WORDS[entryId];
    const round = Math.floor(user / ids.length);
    const frame = LATER_FRAMES[round % LATER_FRAMES.length];
    return { user, entryId, question: frame(said[(round + 1) % said.length], said[(round + 2) % said.length]) };
  });
}
