/**
 * The demo campaign, from `seed/petition-page.txt` (Amnesty International Canada's petition to the
 * President of El Salvador). The English texts are the seed's, word for word; the French and
 * Spanish ones are our translations, so the demo shows the widget in all three languages.
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

const fr: CampaignTexts = {
  title: 'Des pouvoirs d’urgence utilisés pour faire reculer les droits humains',
  description: [
    'Le gouvernement du président salvadorien Bukele a suspendu les garanties constitutionnelles et injustement emprisonné plus de 60 000 personnes. Demandez au président de cesser de violer les droits humains.',
    'Les autorités salvadoriennes ont imposé un régime d’exception en mars 2022, affirmant qu’il était nécessaire pour lutter contre la violence des gangs. Depuis, les responsables conservent des pouvoirs spéciaux et ont commis des violations massives des droits humains, dont un nombre effarant de détentions injustes.',
    'Deux cousins de 14 et 15 ans ont été arrêtés alors qu’ils jouaient devant leur maison à Ilopango. Leurs familles rapportent que des policiers ont accusé les jeunes d’« avoir l’air de criminels » et leur ont dit qu’ils passeraient 30 ans en prison.',
    'Ce n’est pas un cas isolé. Des personnes sont détenues parce qu’elles ont des tatouages ou vivent dans des quartiers marginalisés où opèrent des gangs. Les personnes détenues n’ont pas accès à une défense juridique effective, subissent la torture et d’autres mauvais traitements, et sont enfermées dans des conditions inhumaines et surpeuplées. Les morts en détention augmentent chaque jour. Pendant ce temps, les familles ignorent souvent où leurs proches ont été emmenés et quelles procédures ils affrontent.',
    'Une véritable sécurité au Salvador exige de s’attaquer aux causes profondes de la violence des gangs, en donnant la priorité aux droits humains. Votre signature peut faire la différence. Le président Nayib Bukele doit savoir que le monde le regarde et qu’il est horrifié par son attaque massive contre les droits de son peuple.',
  ].join('\n\n'),
  callToAction:
    'Demandez au président du Salvador de cesser de violer les droits humains au nom de la sécurité publique.',
  letter: [
    'Monsieur le Président Bukele,',
    'Je suis profondément préoccupé·e par le fait que la réponse de votre gouvernement à la violence des gangs ait été de suspendre les garanties constitutionnelles de tous les Salvadoriens et d’emprisonner injustement des dizaines de milliers de personnes.',
    'Je vous demande de :',
  ].join('\n\n'),
  demands: [
    'Mettre fin à l’état d’urgence et cesser les détentions arbitraires.',
    'Mettre en œuvre une politique de sécurité publique qui s’attaque aux causes profondes de la violence des gangs et respecte les droits humains.',
    'Rétablir le droit de toutes les personnes détenues à une défense juridique et à la protection contre la torture et les mauvais traitements. Veiller à ce que leurs familles puissent savoir où elles sont détenues, connaître leur état de santé et l’état des procédures engagées contre elles.',
    'Libérer les personnes emprisonnées illégalement.',
  ],
  deliveryNote:
    'Remarque : les signatures recueillies pour cette pétition seront remises au gouvernement du Salvador avec uniquement votre nom et votre ville, tels qu’indiqués dans ce formulaire.',
  privacyNote:
    'Les autres renseignements que vous fournissez seront traités conformément à la politique de confidentialité d’Amnistie internationale.',
  privacyUrl: 'https://amnistie.ca/politique-de-confidentialite',
  optInLabel:
    'Oui, Amnistie internationale Canada peut m’écrire au sujet de cette campagne et d’autres. Je peux me désabonner à tout moment.',
  photoCredit: 'Photo : Kellys Portillo/APHOTOGRAFIA/Getty Images',
  strings: { heading: 'Ajoutez votre nom' },
};

const es: CampaignTexts = {
  title: 'Poderes de emergencia usados para hacer retroceder los derechos humanos',
  description: [
    'El gobierno del presidente salvadoreño Bukele ha suspendido las garantías constitucionales y ha encarcelado injustamente a más de 60.000 personas. Pide al presidente que deje de violar los derechos humanos.',
    'Las autoridades salvadoreñas impusieron un régimen de excepción en marzo de 2022, alegando que era necesario para hacer frente a la violencia de las pandillas. Desde entonces, los funcionarios siguen teniendo poderes especiales y han cometido violaciones masivas de derechos humanos, entre ellas un número alarmante de detenciones injustas.',
    'Dos primos de 14 y 15 años fueron detenidos mientras jugaban frente a su casa en Ilopango. Sus familias contaron que los policías acusaron a los jóvenes de «parecer delincuentes» y dijeron que pasarían 30 años en la cárcel.',
    'No es un caso aislado. Hay personas detenidas por tener tatuajes o por vivir en barrios marginados donde operan las pandillas. Las personas detenidas no tienen acceso a una defensa jurídica efectiva, sufren tortura y malos tratos, y permanecen en condiciones de hacinamiento e inhumanas. Las muertes bajo custodia aumentan cada día. Mientras tanto, las familias a menudo no saben adónde se llevaron a sus seres queridos ni a qué procesos se enfrentan.',
    'La verdadera seguridad en El Salvador exige atacar las causas profundas de la violencia de las pandillas, dando prioridad a los derechos humanos. Tu firma puede marcar la diferencia. El presidente Nayib Bukele debe saber que el mundo lo está mirando y que está horrorizado por su ataque masivo contra los derechos de su pueblo.',
  ].join('\n\n'),
  callToAction:
    'Pide al presidente de El Salvador que deje de violar los derechos humanos en nombre de la seguridad pública.',
  letter: [
    'Señor presidente Bukele:',
    'Me preocupa profundamente que la respuesta de su gobierno a la violencia de las pandillas haya sido suspender las garantías constitucionales de toda la población salvadoreña y encarcelar injustamente a decenas de miles de personas.',
    'Le pido que:',
  ].join('\n\n'),
  demands: [
    'Ponga fin al estado de emergencia y cese las detenciones arbitrarias.',
    'Aplique una política de seguridad pública que aborde las causas profundas de la violencia de las pandillas y respete los derechos humanos.',
    'Restituya el derecho de todas las personas detenidas a la defensa jurídica y a la protección contra la tortura y los malos tratos. Garantice que sus familias puedan saber dónde están recluidas, su estado de salud y la situación de los procesos en su contra.',
    'Libere a quienes han sido encarcelados ilegalmente.',
  ],
  deliveryNote:
    'Nota: las firmas recogidas en esta petición se entregarán al Gobierno de El Salvador incluyendo solo tu nombre y tu ciudad, tal como los indiques en este formulario.',
  privacyNote:
    'Los demás datos que proporciones se tratarán conforme a la política de privacidad de Amnistía Internacional.',
  privacyUrl: 'https://www.amnesty.ca/privacy-policy/',
  optInLabel:
    'Sí, Amnistía Internacional Canadá puede escribirme sobre esta y otras campañas. Puedo darme de baja en cualquier momento.',
  photoCredit: 'Foto: Kellys Portillo/APHOTOGRAFIA/Getty Images',
  strings: { heading: 'Añade tu nombre' },
};

/** The seed campaign, as `npm start` creates it when missing. */
export const elSalvador: NewCampaign = {
  slug: 'el-salvador',
  status: 'open',
  target: 'Government of El Salvador',
  defaultLang: 'en',
  texts: { en, fr, es },
  offset: 785,
  goal: null,
};

/** The organisation the demo page speaks for. */
export const ORGANISATION = 'Amnesty International Canada';
