/**
 * The campaign helpers hold no database: a campaign made in memory is enough to count it, pick
 * its texts for a reader and version the consent it showed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consentVersion, counterOf, textsFor } from '../../server/campaigns/campaign.ts';
import { publicCampaign } from '../../server/campaigns/public-campaign.ts';
import { campaignTexts, memoryCampaign } from './campaign-fixture.ts';

const texts = campaignTexts;
const campaign = memoryCampaign({
  texts: { en: texts('English'), fr: texts('Français') },
  offset: 500,
  goal: 1000,
  signatures: 20,
});

describe('campaign helpers', () => {
  it('counts the signatures and the offset', () => {
    assert.deepEqual(counterOf(campaign), {
      signatures: 20,
      offset: 500,
      total: 520,
      goal: 1000,
      goalMode: 'fixed',
    });
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

  it('works each out once a campaign, and anew for an edited campaign (new texts)', () => {
    const shown = texts('a');
    const first = consentVersion(shown, 'en');
    assert.equal(consentVersion(shown, 'en'), first, 'the kept value');
    assert.notEqual(consentVersion(shown, 'fr'), first, 'kept by language too');
    // An update gives the campaign new texts objects, which get their own version.
    assert.notEqual(consentVersion({ ...shown, optInLabel: 'changed' }, 'en'), first);
    const edited = memoryCampaign({ texts: { en: texts('English'), pt: texts('Português') } });
    for (const wanted of ['fr-CA,en', 'de', undefined, 'pt-AO', 'x'.repeat(80)])
      assert.equal(textsFor(campaign, wanted).lang, textsFor(campaign, wanted).lang);
    assert.equal(textsFor(campaign, 'pt-AO').lang, 'en');
    assert.equal(textsFor(edited, 'pt-AO').lang, 'pt', 'the edited texts, not the kept choice');
    assert.equal(textsFor({ ...campaign, defaultLang: 'fr' }, 'de').lang, 'fr', 'a new default');
  });

  it("shows the reader one language, the campaign's and the interface's, with its own wording", () => {
    const french = { ...texts('Français'), strings: { heading: 'Signez ici' } };
    const view = publicCampaign(
      memoryCampaign({ texts: { en: texts('English'), fr: french } }),
      'fr-CA',
      'tok',
    );
    assert.equal(view.lang, 'fr');
    assert.equal(view.texts.title, 'Français');
    assert.equal(view.strings.firstName, 'Prénom');
    assert.equal(view.strings.heading, 'Signez ici', "the campaign's own wording wins");
    assert.ok(!('strings' in view.texts), 'its own wording is folded in, not sent twice');
    assert.equal(view.consentVersion, consentVersion(french, 'fr'));
    assert.equal(view.formToken, 'tok');
    assert.equal(view.partner, undefined, 'no partner named, no opt-in');
  });
});
