import { hresultHex } from '../../matching/codes/codes';

/**
 * Questions the bot must not answer: codes of every system that the knowledge base does
 * not document (a MIS code past the documented ones, an IISSYNC status Q224801 does not
 * list, a Win32 error no entry has, HRESULTs of the Win32 and other facilities, codes
 * of no known system), and everyday requests the knowledge base is not about.
 * A query of these kinds is right when it is not answered.
 */

type Random = () => number;

/** Whether the knowledge base documents a code key (`n:1722`, `s:MIS:3`), in a system or in any. */
export type Documented = (key: string, system?: string) => boolean;

export interface UnknownCodeQuery {
  text: string;
  /** The system the question names or the code's form implies, for the report. */
  family: string;
}

const pick = <T>(items: readonly T[], random: Random): T => items[Math.floor(random() * items.length)];

/** A value in [min, max) that `ok` accepts, or undefined after a few tries. */
function draw(min: number, max: number, random: Random, ok: (value: number) => boolean): number | undefined {
  for (let tries = 0; tries < 200; tries++) {
    const value = min + Math.floor(random() * (max - min));
    if (ok(value)) return value;
  }
  return undefined;
}

const hex4 = (value: number) => value.toString(16).toUpperCase().padStart(4, '0');

interface Family {
  name: string;
  /** A code this family does not document, and the questions asking about it. */
  make(random: Random, documented: Documented): string | undefined;
}

const FAMILIES: Family[] = [
  {
    name: 'Server ActiveSync (MIS_n)',
    make: (random, documented) => {
      const n = draw(10, 400, random, (v) => !documented(`s:MIS:${v}`));
      return n === undefined ? undefined : pick([`what is MIS_${n}`, `mis ${n}`, `MIS-${n} on my pocket pc`, `Pocket PC sync fails with MIS${n}`], random);
    },
  },
  {
    name: 'IISSYNC',
    make: (random, documented) => {
      const n = random() < 0.7
        ? draw(4, 200, random, (v) => !documented(`n:${v}`, 'IISSYNC'))
        : draw(0x80000000, 0x80100000, random, (v) => !documented(`n:${v}`));
      return n === undefined ? undefined : pick([`iissync returned ${n}`, `iissync failed with status ${n}`, `IISSYNC.exe exit code ${n} on node B`], random);
    },
  },
  {
    name: 'Win32',
    make: (random, documented) => {
      const n = draw(1, 16000, random, (v) => !documented(`n:${v}`, 'Win32'));
      return n === undefined ? undefined : pick([`win32 error ${n}`, `GetLastError returned ${n}`, `net helpmsg ${n} says nothing useful`], random);
    },
  },
  {
    name: 'HRESULT, FACILITY_WIN32',
    make: (random, documented) => {
      const low = draw(1, 16000, random, (v) => !documented(`n:${v}`) && !documented(`n:${(0x80070000 + v) >>> 0}`));
      return low === undefined ? undefined : pick([`failed with 0x8007${hex4(low)}`, `hr=0x8007${hex4(low).toLowerCase()}`, `setup stopped: error 8007${hex4(low)}`], random);
    },
  },
  {
    name: 'HRESULT, other facilities',
    make: (random, documented) => {
      const value = draw(0x80040000, 0x800b0000, random, (v) => !documented(`n:${v}`) && (v & 0xffff0000) >>> 0 !== 0x80070000);
      return value === undefined ? undefined : pick([`error ${hresultHex(value)}`, `what does ${value} mean`, `COM call returned ${hresultHex(value)!.toLowerCase()}`, `code ${value - 0x1_0000_0000}`], random);
    },
  },
  {
    name: 'no known system',
    make: (random, documented) => {
      const n = draw(20000, 99999, random, (v) => !documented(`n:${v}`));
      return n === undefined ? undefined : pick([`error ${n}`, `the app shows error code ${n}`, `got status ${n} from the portal`], random);
    },
  },
];

/** `perFamily` questions about undocumented codes in each family (6 families). */
export function unknownCodeQueries(perFamily: number, random: Random, documented: Documented): UnknownCodeQuery[] {
  return FAMILIES.flatMap((family) => Array.from({ length: perFamily }, () => family.make(random, documented))
    .filter((text): text is string => text !== undefined)
    .map((text) => ({ text, family: family.name })));
}

const ASKS = ['how do I', 'can I', 'where can I', 'who do I ask to', 'I need to'];
const TASKS = [
  'order a new laptop', 'book a meeting room for friday', 'get a parking permit', 'change my desk phone number',
  'request holidays in the HR portal', 'expense a train ticket', 'get access to the finance share', 'reset my badge',
  'order business cards', 'find the wifi password for guests', 'borrow a projector', 'report a broken coffee machine',
];

/** Everyday requests the knowledge base is not about ("how do I order a new laptop"). */
export function outsideQueries(count: number, random: Random): string[] {
  return Array.from({ length: count }, () => `${pick(ASKS, random)} ${pick(TASKS, random)}${random() < 0.5 ? '?' : ''}`);
}
