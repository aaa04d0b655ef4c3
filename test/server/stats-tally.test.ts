/**
 * The one function that shapes both engines' statistics (server/storage/stats-tally.ts): the
 * answer does not depend on the order in which an engine met its groups, even where the locale
 * calls two keys equal (a city's two Unicode forms, the text "null" beside no partner), and a
 * day is a UTC day.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Tally } from '../../server/storage/stats-tally.ts';
import {
  addCounted,
  addFlagged,
  addPlace,
  dayNumber,
  newTally,
  summary,
} from '../../server/storage/stats-tally.ts';

type Group = [partner: string | null, country: string | null, city: string, reason: string | null];

// Every key twice as often as needed for a tie: each ranking has equal counts throughout.
const GROUPS: Group[] = [
  [null, 'FR', 'Éauze', null],
  ['null', 'FR', 'E\u0301auze', null],
  ['oxfam', null, 'Zürich', null],
  ['Oxfam', 'CH', 'Zürich', null],
  [null, null, '', 'honeypot'],
  [null, null, '', 'Honeypot'],
];

function tally(groups: Group[]): Tally {
  const counts = newTally();
  for (const [partner, country, city, reason] of groups) {
    if (reason) addFlagged(counts, reason, 2, 1);
    else {
      addCounted(counts, partner, dayNumber(Date.UTC(2026, 0, 1)), {
        signatures: 2,
        optedIn: 1,
        partnerOptedIn: 0,
      });
      addPlace(counts, country, city, 2);
    }
  }
  return counts;
}

describe('stats tally', () => {
  it('answers the same whatever order the groups came in', () => {
    const forward = JSON.stringify(summary(tally(GROUPS)));
    const backward = JSON.stringify(summary(tally([...GROUPS].reverse())));
    assert.equal(backward, forward);
    const answer = JSON.parse(forward);
    assert.deepEqual(
      answer.byPartner.map((row: { partner: string | null }) => row.partner),
      [null, 'null', 'oxfam', 'Oxfam'],
    );
    // One place in two Unicode forms, counted as one (places are normalised, issue 23) and named
    // by the spelling most typed; in a tie the locale calls them equal, so the code points decide.
    const eauze = answer.byCity.filter((row: { country: string }) => row.country === 'FR');
    assert.deepEqual(eauze, [{ country: 'FR', city: 'E\u0301auze', signatures: 4 }]);
  });

  it('counts a day in UTC, the last millisecond before midnight on the day before', (t) => {
    // A machine fourteen hours from UTC: a day taken from local time would move these rows.
    const zone = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    t.after(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });
    const counts = newTally();
    const one = { signatures: 1, optedIn: 0, partnerOptedIn: 0 };
    addCounted(counts, null, dayNumber(Date.UTC(2026, 0, 1) - 1), one);
    addCounted(counts, null, dayNumber(Date.UTC(2026, 0, 1)), one);
    assert.deepEqual(summary(counts).byDay, [
      { day: '2025-12-31', signatures: 1, pending: 0 },
      { day: '2026-01-01', signatures: 1, pending: 0 },
    ]);
  });
});
