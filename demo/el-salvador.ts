/**
 * The demo campaign, from `seed/petition-page.txt` (Amnesty International Canada's petition to the
 * President of El Salvador). The English texts are the seed's, word for word.
 */
import type { CampaignTexts } from '../server/contract.ts';
import type { NewCampaign } from '../server/db/campaigns.ts';

const en: CampaignTexts = {
  title: 'Emergency powers used to roll back human rights',
  description: [
    'The government of El Salvador’s President Bukele has suspended constitutional guarantees and unjustly put more than 60,000 people behind bars. Tell the President to stop violating human rights.',
    'Salvadoran authorities imposed a state of exception in March 2022, claiming it was necessary to deal with gang violence. Since then, officials continue to have special powers and have committed massive human rights violations, including a staggering number of unjust detentions.',
    'Two cousins, aged 14 and 15, were arrested while playing outside their home in Ilopango. Their families reported that police officers accused the youths of "looking like criminals" and said they would spend 30 years in jail.',
    'This is no isolated case. People are being detained for having tattoos or for living in marginalized neighborhoods where gangs operate. Detainees have no access to effective legal defense, face torture and ill-treatment, and are held in overcrowded, inhumane conditions. Deaths in custody are increasing every day. Meanwhile, families often do not know where their loved ones were taken or what proceedings they face.',
    'True security in El Salvador requires efforts that tackle the root causes of gang violence, while prioritizing human rights. Your signature can make a difference. President Nayib Bukele needs to know that the world is watching and is horrified by his massive assault on the rights of his people.',
  ].join('\n\n'),
  callToAction: 'Call on El Salvador’s President to stop violating human rights in the name of public security.',
  letter: [
    'Dear President Bukele,',
    'I am deeply concerned that your government’s response to gang violence has been to suspend constitutional guarantees for all Salvadorans and unjustly jail tens of thousands of people.',
    'I call on you to:',
  ].join('\n\n'),
  demands: [
    'End the state of emergency and cease arbitrary detentions.',
    'Implement a public security policy that addresses the root causes of gang violence and upholds human rights.',
    'Restore the rights of all detainees to legal defence and protection from torture and ill-treatment. Ensure their families can obtain information about where they are being held, their health status and the status of legal proceedings against them.',
    'Release those who have been illegally jailed.',
  ],
  deliveryNote:
    'Note: Signatures collected on this petition will be delivered to the Government of El Salvador including only your name and city as provided on this form.',
  privacyNote: 'Other details you provide will be processed in line with Amnesty International’s privacy policy.',
  privacyUrl: 'https://www.amnesty.ca/privacy-policy/',
  optInLabel:
    'Yes, Amnesty International Canada may email me about this and other campaigns. I can unsubscribe at any time.',
  photoCredit: 'Photo: Kellys Portillo/APHOTOGRAFIA/Getty Images',
  strings: { heading: 'Add Your Name' },
};

/** The seed campaign, as `npm start` creates it when missing. */
export const elSalvador: NewCampaign = {
  slug: 'el-salvador',
  status: 'open',
  target: 'Government of El Salvador',
  defaultLang: 'en',
  texts: { en },
  offset: 785,
  goal: null,
};

/** The organisation the demo page speaks for. */
export const ORGANISATION = 'Amnesty International Canada';
