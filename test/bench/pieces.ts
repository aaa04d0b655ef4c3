/**
 * What each change to the request path bought, piece by piece: the old way and the new way of
 * one step, in one process, in turns (old, new, old, new...), CPU time (process.cpuUsage) a call.
 * On a shared machine a whole server's CPU a request moves by more than one of these steps costs;
 * a step alone, in turns, does not.
 *
 *   node --import tsx test/bench/pieces.ts
 *
 * - the access log: a synchronous write a line (before) against the lines of a turn in one write
 *   (server/http/log-lines.ts), into a pipe that another process drains, at 1, 5 and 25 lines a
 *   turn (a loaded server answers many requests a turn);
 * - the campaign's language and consent version for a signature: worked out each time (before)
 *   against kept beside the campaign's texts (server/campaigns/campaign.ts);
 * - a batch of 50 rows to the writer thread: structured clone of the objects against one JSON text.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { MessageChannel } from 'node:worker_threads';
import type { Campaign } from '../../server/campaigns/campaign.ts';
import { consentVersion, textsFor } from '../../server/campaigns/campaign.ts';
import type { CampaignTexts } from '../../server/contract/public.ts';
import { lineBuffer } from '../../server/http/log-lines.ts';
import { chooseLanguage } from '../../server/i18n/languages.ts';
import { campaignTexts, memoryCampaign } from '../server/campaign-fixture.ts';
import { median } from './stats.ts';

const TURNS = 6;

/** CPU µs a call of `run` (called `calls` times), over TURNS turns of each way: the medians. */
function inTurns(ways: Record<string, () => void>, calls: number): Record<string, number> {
  const samples: Record<string, number[]> = {};
  for (let turn = 0; turn <= TURNS; turn++) {
    for (const [name, run] of Object.entries(ways)) {
      const start = process.cpuUsage();
      for (let call = 0; call < calls; call++) run();
      const used = process.cpuUsage(start);
      if (turn > 0) (samples[name] ??= []).push((used.user + used.system) / calls);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, values]) => [name, median(values)]),
  );
}

const report = (what: string, figures: Record<string, number>) => {
  const line = Object.entries(figures)
    .map(([name, us]) => `${name} ${us.toFixed(2)} µs`)
    .join(', ');
  console.log(`${what}: ${line}`);
};

// The access log, into a pipe a child process drains (as a service manager's journal would).
if (process.argv[2] === 'log-child') {
  const line = () => ({
    time: new Date().toISOString(),
    method: 'GET',
    route: '/api/campaigns/:slug/counter',
    status: 200,
    ms: 0.05,
  });
  const buffered = lineBuffer((text) => process.stdout.write(text));
  const ways: Record<string, () => void> = {
    'write a line': () => process.stdout.write(`${JSON.stringify(line())}\n`),
  };
  for (const perTurn of [1, 5, 25]) {
    ways[`${perTurn} a turn`] = () => {
      for (let index = 0; index < perTurn; index++) buffered.add(`${JSON.stringify(line())}\n`);
      buffered.flush();
    };
  }
  const figures = inTurns(ways, 20_000);
  for (const perTurn of [1, 5, 25]) figures[`${perTurn} a turn`] /= perTurn;
  process.stderr.write(`${JSON.stringify(figures)}\n`);
  process.exit(0);
}

const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, 'log-child'], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
child.stdout.resume();
let childOut = '';
child.stderr.on('data', (chunk) => (childOut += chunk));
await new Promise((done) => child.once('exit', done));
report('access log, a line', JSON.parse(childOut));

// The campaign's language and consent version, as signatureRow needs them.
const campaign: Campaign = memoryCampaign({
  texts: { en: campaignTexts('English'), es: campaignTexts('Español'), fr: campaignTexts('Fr') },
});
const wanted = 'en';
report(
  'language and consent version, a signature',
  inTurns(
    {
      'worked out': () => {
        const lang = chooseLanguage(wanted, Object.keys(campaign.texts), campaign.defaultLang);
        const texts = campaign.texts[lang] as CampaignTexts;
        const shown = [lang, texts.deliveryNote, texts.privacyNote, texts.privacyUrl];
        createHash('sha256')
          .update(JSON.stringify([...shown, texts.optInLabel]))
          .digest('hex');
      },
      kept: () => {
        const { lang, texts } = textsFor(campaign, wanted);
        consentVersion(texts, lang);
      },
    },
    50_000,
  ),
);

// A batch of 50 rows to the writer thread, as the main thread pays for it.
const { port1, port2 } = new MessageChannel();
port2.on('message', () => {});
const row = (index: number) => ({
  row: {
    campaignId: 1,
    emailHash: 'e'.repeat(43),
    firstName: 'Marta',
    lastName: 'López',
    email: `supporter.${index}@bench.example.org`,
    city: 'San Salvador',
    postalCode: null,
    country: null,
    optIn: 1,
    lang: 'en',
    consentHash: '0123456789abcdef',
    partner: null,
    partnerOptIn: 0,
    partnerConsentHash: null,
    partnerConsentLang: null,
    origin: 'https://partner.example.org',
    referrer: null,
    utm: '{"utm_source":"bench"}',
    ipHash: 'i'.repeat(43),
    flagged: null,
    createdAt: Date.now(),
    pending: 0,
    confirmedAt: null,
  },
  idempotency: { key: `bench-key-${index}`, requestHash: 'r'.repeat(64) },
});
const batch = Array.from({ length: 50 }, (_, index) => row(index));
const sent = inTurns(
  {
    'structured clone': () => port1.postMessage({ id: 1, type: 'batch', batch }),
    'one JSON text': () =>
      port1.postMessage({ id: 1, type: 'batch', batch: JSON.stringify(batch) }),
  },
  2_000,
);
report('a row to the writer thread (sending)', {
  'structured clone': sent['structured clone'] / 50,
  'one JSON text': sent['one JSON text'] / 50,
});
port1.close();
