/**
 * The campaign helpers hold no database: a campaign made in memory is enough to count it, pick
 * its texts for a reader and version the consent it showed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Campaign } from '../../server/campaigns/campaign.ts';
import { consentVersion, counterOf, textsFor } from '../../server/campaigns/campaign.ts';
import type { CampaignTexts } from '../../server/contract/public.ts';

const texts = (title: string): CampaignTexts => ({
  title,
  description: 'd',
  callToAction: 'c',
  letter: 'l',
  demands: [],
  deliveryNote: 'n',
  privacyNote: 'p',
  privacyUrl: 'https://example.org/privacy',
  optInLabel: 'o',
});

const campaign: Campaign = {
  id: 1,
  slug: 's',
  status: 'open',
  target: 't',
  defaultLang: 'en',
  texts: { en: texts('English'), fr: texts('Français') },
  fields: [],
  allowedOrigins: [],
  offset: 500,
  goal: 1000,
  signatures: 20,
  createdAt: 0,
  updatedAt: 0,
};

describe('campaign helpers', () => {
  it('counts the signatures and the offset', () => {
    assert.deepEqual(counterOf(campaign), { signatures: 20, offset: 500, total: 520, goal: 1000 });
  });

  it("picks the reader's language the campaign has, else its default", () => {
    assert.equal(textsFor(campaign, 'fr-CA,en').lang, 'fr');
    assert.equal(textsFor(campaign, 'fr-CA,en').texts.title, 'Français');
    assert.equal(textsFor(campaign, 'de').lang, 'en');
    assert.equal(textsFor(campaign, undefined).texts.title, 'English');
  });

  it('versions the consent shown: the notes, the link and the language, not the title', () => {
    const en = consentVersion(texts('a'), 'en');
    assert.match(en, /^[0-9a-f]{16}$/);
    assert.equal(consentVersion(texts('b'), 'en'), en);
    assert.notEqual(consentVersion(texts('a'), 'fr'), en);
    assert.notEqual(consentVersion({ ...texts('a'), privacyNote: 'q' }, 'en'), en);
  });
});
