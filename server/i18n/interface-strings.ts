/**
 * The widget's interface texts in one language, shaped as English's (en.json, the reference): a
 * plural is an object of forms, everything else a string. `locale` is what `Intl` formats with.
 * A type only: the widget imports it with `import type` and bundles nothing from here.
 */
import type { PluralForms, PublicCampaign } from '../contract/public.ts';

type English = typeof import('./en.json');

export type InterfaceStrings = {
  [K in keyof English]: English[K] extends string ? string : PluralForms;
};

/** GET /api/campaigns/{slug} with the interface texts keyed as English's. */
export type CampaignAnswer = PublicCampaign<InterfaceStrings>;
