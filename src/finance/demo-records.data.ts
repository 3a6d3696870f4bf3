/** Fixed lists for the demo learners and invoices: realistic Australian names, places and course fees. */

export const FIRST_NAMES = [
  'Olivia',
  'Jack',
  'Charlotte',
  'William',
  'Amelia',
  'Noah',
  'Isla',
  'Oliver',
  'Mia',
  'Thomas',
  'Ava',
  'James',
  'Grace',
  'Lachlan',
  'Chloe',
  'Henry',
  'Zoe',
  'Cooper',
  'Ruby',
  'Harrison',
  'Matilda',
  'Lucas',
  'Sienna',
  'Ethan',
  'Harper',
  'Riley',
  'Evie',
  'Mason',
  'Ella',
  'Archie',
  'Aaliyah',
  'Kai',
  'Priya',
  'Minh',
  'Mei',
  'Arjun',
  'Fatima',
  'Liam',
  'Sophie',
  'Jarrah',
];

export const LAST_NAMES = [
  'Smith',
  'Jones',
  'Williams',
  'Brown',
  'Wilson',
  'Taylor',
  'Nguyen',
  'Johnson',
  'Martin',
  'White',
  'Anderson',
  'Walker',
  'Thompson',
  'Harris',
  'Ryan',
  'Kelly',
  'King',
  'Lee',
  'Campbell',
  'Murphy',
  "O'Brien",
  'Mitchell',
  'Clarke',
  'Tran',
  'Singh',
  'Patel',
  'Kaur',
  'Chen',
  'Hughes',
  'Edwards',
];

/** Real suburb, state and postcode combinations. */
export const PLACES: ReadonlyArray<{ suburb: string; state: string; postcode: string }> = [
  { suburb: 'Parramatta', state: 'NSW', postcode: '2150' },
  { suburb: 'Newtown', state: 'NSW', postcode: '2042' },
  { suburb: 'Bondi', state: 'NSW', postcode: '2026' },
  { suburb: 'Wollongong', state: 'NSW', postcode: '2500' },
  { suburb: 'Newcastle', state: 'NSW', postcode: '2300' },
  { suburb: 'Fitzroy', state: 'VIC', postcode: '3065' },
  { suburb: 'Geelong', state: 'VIC', postcode: '3220' },
  { suburb: 'Ballarat', state: 'VIC', postcode: '3350' },
  { suburb: 'St Kilda', state: 'VIC', postcode: '3182' },
  { suburb: 'Brunswick', state: 'VIC', postcode: '3056' },
  { suburb: 'Fortitude Valley', state: 'QLD', postcode: '4006' },
  { suburb: 'Toowoomba', state: 'QLD', postcode: '4350' },
  { suburb: 'Cairns', state: 'QLD', postcode: '4870' },
  { suburb: 'Southport', state: 'QLD', postcode: '4215' },
  { suburb: 'Fremantle', state: 'WA', postcode: '6160' },
  { suburb: 'Joondalup', state: 'WA', postcode: '6027' },
  { suburb: 'Glenelg', state: 'SA', postcode: '5045' },
  { suburb: 'Norwood', state: 'SA', postcode: '5067' },
  { suburb: 'Hobart', state: 'TAS', postcode: '7000' },
  { suburb: 'Launceston', state: 'TAS', postcode: '7250' },
  { suburb: 'Braddon', state: 'ACT', postcode: '2612' },
  { suburb: 'Darwin City', state: 'NT', postcode: '0800' },
];

export const STREETS = [
  'George Street',
  'High Street',
  'Church Street',
  'Victoria Road',
  'Station Street',
  'Park Avenue',
  'Queen Street',
  'King Street',
  'Beach Road',
  'Railway Parade',
  'Hill Street',
  'Bridge Road',
];

/** Course fees: tuition is GST-free in Australia; resources and kits carry GST. */
export const COURSE_ITEMS: ReadonlyArray<{ description: string; unitAmount: string; taxType: string }> = [
  {
    description: 'Certificate III in Individual Support: tuition',
    unitAmount: '1850.00',
    taxType: 'EXEMPTOUTPUT',
  },
  {
    description: 'Certificate IV in Training and Assessment: tuition',
    unitAmount: '2450.00',
    taxType: 'EXEMPTOUTPUT',
  },
  { description: 'First Aid (HLTAID011): one-day course', unitAmount: '149.95', taxType: 'EXEMPTOUTPUT' },
  { description: 'Diploma of Community Services: unit fee', unitAmount: '412.50', taxType: 'EXEMPTOUTPUT' },
  { description: 'Learner resource kit', unitAmount: '89.90', taxType: 'OUTPUT' },
  { description: 'Practical placement uniform', unitAmount: '54.45', taxType: 'OUTPUT' },
  { description: 'Re-assessment fee', unitAmount: '75.00', taxType: 'OUTPUT' },
  { description: 'Enrolment administration fee', unitAmount: '33.33', taxType: 'BASEXCLUDED' },
];

/** A small seeded generator (mulberry32), so the demo data is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
