/**
 * The demo campaign, from `seed/petition-page.txt` (Amnesty International Canada's petition to the
 * President of El Salvador). The English texts are the seed's, word for word; the French, Spanish,
 * German and Arabic ones are our translations, so the demo shows the widget in those languages
 * too (Arabic right to left). A reader in any other language sees the whole widget in English.
 */
import type { CampaignTexts } from '../server/contract/public.ts';
import type { NewCampaign } from '../server/campaigns/campaign.ts';

const en: CampaignTexts = {
  title: 'Emergency powers used to roll back human rights',
  description: [
    'The government of El Salvador’s President Bukele has suspended constitutional guarantees and unjustly put more than 60,000 people behind bars. Tell the President to stop violating human rights.',
    'Salvadoran authorities imposed a state of exception in March 2022, claiming it was necessary to deal with gang violence. Since then, officials continue to have special powers and have committed massive human rights violations, including a staggering number of unjust detentions.',
    'Two cousins, aged 14 and 15, were arrested while playing outside their home in Ilopango. Their families reported that police officers accused the youths of "looking like criminals" and said they would spend 30 years in jail.',
    'This is no isolated case. People are being detained for having tattoos or for living in marginalized neighborhoods where gangs operate. Detainees have no access to effective legal defense, face torture and ill-treatment, and are held in overcrowded, inhumane conditions. Deaths in custody are increasing every day. Meanwhile, families often do not know where their loved ones were taken or what proceedings they face.',
    'True security in El Salvador requires efforts that tackle the root causes of gang violence, while prioritizing human rights. Your signature can make a difference. President Nayib Bukele needs to know that the world is watching and is horrified by his massive assault on the rights of his people.',
  ].join('\n\n'),
  callToAction:
    'Call on El Salvador’s President to stop violating human rights in the name of public security.',
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
  privacyNote:
    'Other details you provide will be processed in line with Amnesty International’s privacy policy.',
  privacyUrl: 'https://www.amnesty.ca/privacy-policy/',
  optInLabel:
    'Yes, Amnesty International Canada may email me about this and other campaigns. I can unsubscribe at any time.',
  photoCredit: 'Photo: Kellys Portillo/APHOTOGRAFIA/Getty Images',
  strings: { heading: 'Add Your Name' },
};

const fr: CampaignTexts = {
  title: 'Des pouvoirs d’urgence utilisés pour faire reculer les droits humains',
  description: [
    'Le gouvernement du président salvadorien Bukele a suspendu les garanties constitutionnelles et injustement emprisonné plus de 60\u202f000 personnes. Demandez au président de cesser de violer les droits humains.',
    'Les autorités salvadoriennes ont imposé un régime d’exception en mars 2022, affirmant qu’il était nécessaire pour lutter contre la violence des gangs. Depuis, les responsables conservent des pouvoirs spéciaux et ont commis des violations massives des droits humains, dont un nombre effarant de détentions injustes.',
    'Deux cousins de 14 et 15 ans ont été arrêtés alors qu’ils jouaient devant leur maison à Ilopango. Leurs familles rapportent que des policiers ont accusé les jeunes d’«\u00a0avoir l’air de criminels\u00a0» et leur ont dit qu’ils passeraient 30 ans en prison.',
    'Ce n’est pas un cas isolé. Des personnes sont détenues parce qu’elles ont des tatouages ou vivent dans des quartiers marginalisés où opèrent des gangs. Les personnes détenues n’ont pas accès à une défense juridique effective, subissent la torture et d’autres mauvais traitements, et sont enfermées dans des conditions inhumaines et surpeuplées. Les morts en détention augmentent chaque jour. Pendant ce temps, les familles ignorent souvent où leurs proches ont été emmenés et quelles procédures ils affrontent.',
    'Une véritable sécurité au Salvador exige de s’attaquer aux causes profondes de la violence des gangs, en donnant la priorité aux droits humains. Votre signature peut faire la différence. Le président Nayib Bukele doit savoir que le monde le regarde et qu’il est horrifié par son attaque massive contre les droits de son peuple.',
  ].join('\n\n'),
  callToAction:
    'Demandez au président du Salvador de cesser de violer les droits humains au nom de la sécurité publique.',
  letter: [
    'Monsieur le Président Bukele,',
    'Je suis profondément préoccupé·e par le fait que la réponse de votre gouvernement à la violence des gangs ait été de suspendre les garanties constitutionnelles de tous les Salvadoriens et d’emprisonner injustement des dizaines de milliers de personnes.',
    'Je vous demande de\u00a0:',
  ].join('\n\n'),
  demands: [
    'Mettre fin à l’état d’urgence et cesser les détentions arbitraires.',
    'Mettre en œuvre une politique de sécurité publique qui s’attaque aux causes profondes de la violence des gangs et respecte les droits humains.',
    'Rétablir le droit de toutes les personnes détenues à une défense juridique et à la protection contre la torture et les mauvais traitements. Veiller à ce que leurs familles puissent savoir où elles sont détenues, connaître leur état de santé et l’état des procédures engagées contre elles.',
    'Libérer les personnes emprisonnées illégalement.',
  ],
  deliveryNote:
    'Remarque\u00a0: les signatures recueillies pour cette pétition seront remises au gouvernement du Salvador avec uniquement votre nom et votre ville, tels qu’indiqués dans ce formulaire.',
  privacyNote:
    'Les autres renseignements que vous fournissez seront traités conformément à la politique de confidentialité d’Amnesty International.',
  privacyUrl: 'https://www.amnesty.ca/privacy-policy/',
  optInLabel:
    'Oui, Amnesty International Canada peut m’envoyer des courriels au sujet de cette campagne et d’autres. Je peux me désabonner à tout moment.',
  photoCredit: 'Photo\u00a0: Kellys Portillo/APHOTOGRAFIA/Getty Images',
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
    'Nota: las firmas reunidas en esta petición se entregarán al Gobierno de El Salvador incluyendo solo tu nombre y tu ciudad, tal como los indiques en este formulario.',
  privacyNote:
    'Los demás datos que proporciones se tratarán conforme a la política de privacidad de Amnistía Internacional.',
  privacyUrl: 'https://www.amnesty.ca/privacy-policy/',
  optInLabel:
    'Sí, Amnistía Internacional Canadá puede enviarme correos electrónicos sobre esta y otras campañas. Puedo darme de baja en cualquier momento.',
  photoCredit: 'Foto: Kellys Portillo/APHOTOGRAFIA/Getty Images',
  strings: { heading: 'Agrega tu nombre' },
};

const de: CampaignTexts = {
  title: 'Notstandsbefugnisse, um Menschenrechte zurückzudrängen',
  description: [
    'Die Regierung von Präsident Bukele in El Salvador hat verfassungsmäßige Garantien außer Kraft gesetzt und mehr als 60.000 Menschen zu Unrecht inhaftiert. Fordern Sie den Präsidenten auf, die Menschenrechtsverletzungen zu beenden.',
    'Die salvadorianischen Behörden verhängten im März 2022 einen Ausnahmezustand und behaupteten, er sei notwendig, um gegen Bandengewalt vorzugehen. Seitdem verfügen die Behörden weiterhin über Sonderbefugnisse und haben massive Menschenrechtsverletzungen begangen, darunter eine erschreckende Zahl ungerechtfertigter Festnahmen.',
    'Zwei Cousins im Alter von 14 und 15 Jahren wurden festgenommen, als sie vor ihrem Haus in Ilopango spielten. Ihre Familien berichteten, dass Polizisten den Jugendlichen vorwarfen, „wie Kriminelle auszusehen“, und sagten, sie würden 30 Jahre im Gefängnis verbringen.',
    'Das ist kein Einzelfall. Menschen werden festgenommen, weil sie Tätowierungen haben oder in ausgegrenzten Vierteln leben, in denen Banden aktiv sind. Die Inhaftierten haben keinen Zugang zu einer wirksamen Verteidigung, sind Folter und Misshandlung ausgesetzt und werden unter überfüllten, unmenschlichen Bedingungen festgehalten. Die Todesfälle in Haft nehmen täglich zu. Währenddessen wissen die Familien oft nicht, wohin ihre Angehörigen gebracht wurden oder welche Verfahren ihnen drohen.',
    'Echte Sicherheit in El Salvador erfordert Maßnahmen, die die Ursachen der Bandengewalt angehen und dabei die Menschenrechte in den Vordergrund stellen. Ihre Unterschrift kann etwas bewirken. Präsident Nayib Bukele muss wissen, dass die Welt hinschaut und entsetzt ist über seinen massiven Angriff auf die Rechte seines Volkes.',
  ].join('\n\n'),
  callToAction:
    'Fordern Sie den Präsidenten von El Salvador auf, die Menschenrechte nicht länger im Namen der öffentlichen Sicherheit zu verletzen.',
  letter: [
    'Sehr geehrter Herr Präsident Bukele,',
    'ich bin zutiefst besorgt darüber, dass Ihre Regierung auf Bandengewalt reagiert hat, indem sie die verfassungsmäßigen Garantien für alle Salvadorianerinnen und Salvadorianer außer Kraft gesetzt und Zehntausende Menschen zu Unrecht inhaftiert hat.',
    'Ich fordere Sie auf:',
  ].join('\n\n'),
  demands: [
    'Beenden Sie den Ausnahmezustand und stellen Sie die willkürlichen Festnahmen ein.',
    'Setzen Sie eine Politik der öffentlichen Sicherheit um, die die Ursachen der Bandengewalt angeht und die Menschenrechte achtet.',
    'Stellen Sie das Recht aller Inhaftierten auf rechtliche Verteidigung und auf Schutz vor Folter und Misshandlung wieder her. Sorgen Sie dafür, dass ihre Familien erfahren können, wo sie festgehalten werden, wie es um ihre Gesundheit steht und wie der Stand der Verfahren gegen sie ist.',
    'Lassen Sie alle frei, die rechtswidrig inhaftiert wurden.',
  ],
  deliveryNote:
    'Hinweis: Die für diese Petition gesammelten Unterschriften werden der Regierung von El Salvador übergeben, und zwar nur mit Ihrem Namen und Ihrem Ort, wie Sie sie in diesem Formular angeben.',
  privacyNote:
    'Weitere Angaben, die Sie machen, werden gemäß der Datenschutzerklärung von Amnesty International verarbeitet.',
  privacyUrl: 'https://www.amnesty.ca/privacy-policy/',
  optInLabel:
    'Ja, Amnesty International Kanada darf mir zu dieser und anderen Kampagnen E-Mails schicken. Ich kann mich jederzeit abmelden.',
  photoCredit: 'Foto: Kellys Portillo/APHOTOGRAFIA/Getty Images',
};

const ar: CampaignTexts = {
  title: 'صلاحيات الطوارئ تُستخدم للتراجع عن حقوق الإنسان',
  description: [
    'علّقت حكومة الرئيس بوكيلي في السلفادور الضمانات الدستورية وزجّت ظلمًا بأكثر من 60,000 شخص في السجون. اطلب من الرئيس أن يكفّ عن انتهاك حقوق الإنسان.',
    'فرضت السلطات السلفادورية حالة الاستثناء في مارس/آذار 2022، بدعوى أنها ضرورية للتصدي لعنف العصابات. ومنذ ذلك الحين، لا يزال المسؤولون يتمتعون بصلاحيات خاصة، وقد ارتكبوا انتهاكات جسيمة لحقوق الإنسان، من بينها عدد مذهل من الاعتقالات الجائرة.',
    'اعتُقل ابنا عم يبلغان من العمر 14 و15 عامًا بينما كانا يلعبان أمام منزلهما في إيلوبانغو. وأفادت عائلتاهما بأن أفراد الشرطة اتهموا الفتيين بأنهما «يبدوان كالمجرمين» وقالوا إنهما سيقضيان 30 عامًا في السجن.',
    'هذه ليست حالة معزولة. يُعتقل أشخاص لأن لديهم وشومًا أو لأنهم يعيشون في أحياء مهمّشة تنشط فيها العصابات. ولا يحصل المعتقلون على دفاع قانوني فعّال، ويتعرضون للتعذيب وسوء المعاملة، ويُحتجزون في ظروف مكتظة وغير إنسانية. وتتزايد حالات الوفاة في الحجز كل يوم. وفي الأثناء، كثيرًا ما لا تعرف العائلات إلى أين نُقل أحباؤها أو ما الإجراءات التي يواجهونها.',
    'يتطلب الأمن الحقيقي في السلفادور جهودًا تعالج الأسباب الجذرية لعنف العصابات، مع إعطاء الأولوية لحقوق الإنسان. توقيعك يمكن أن يُحدث فرقًا. يجب أن يعلم الرئيس نجيب بوكيلي أن العالم يراقب، وأنه مروَّع من اعتدائه الواسع على حقوق شعبه.',
  ].join('\n\n'),
  callToAction: 'طالِب رئيس السلفادور بالكفّ عن انتهاك حقوق الإنسان باسم الأمن العام.',
  letter: [
    'السيد الرئيس بوكيلي،',
    'يساورني قلق بالغ من أن استجابة حكومتكم لعنف العصابات كانت تعليق الضمانات الدستورية لجميع السلفادوريين وسجن عشرات الآلاف من الأشخاص ظلمًا.',
    'أدعوكم إلى:',
  ].join('\n\n'),
  demands: [
    'إنهاء حالة الطوارئ ووقف الاعتقالات التعسفية.',
    'تنفيذ سياسة للأمن العام تعالج الأسباب الجذرية لعنف العصابات وتحترم حقوق الإنسان.',
    'إعادة حق جميع المعتقلين في الدفاع القانوني وفي الحماية من التعذيب وسوء المعاملة. وضمان أن تتمكن عائلاتهم من معرفة أماكن احتجازهم وحالتهم الصحية ووضع الإجراءات القانونية المتخذة ضدهم.',
    'الإفراج عن المسجونين بصورة غير قانونية.',
  ],
  deliveryNote:
    'ملاحظة: ستُسلَّم التوقيعات التي تُجمع على هذه العريضة إلى حكومة السلفادور متضمنةً اسمك ومدينتك فقط كما أدخلتهما في هذه الاستمارة.',
  privacyNote: 'ستُعالَج البيانات الأخرى التي تقدمها وفقًا لسياسة الخصوصية لمنظمة العفو الدولية.',
  privacyUrl: 'https://www.amnesty.ca/privacy-policy/',
  optInLabel:
    'نعم، يمكن لمنظمة العفو الدولية كندا مراسلتي عبر البريد الإلكتروني بشأن هذه الحملة وحملات أخرى. يمكنني إلغاء الاشتراك في أي وقت.',
  photoCredit: 'الصورة: Kellys Portillo/APHOTOGRAFIA/Getty Images',
};

/** The seed campaign, as `npm start` creates it when missing. */
export const elSalvador: NewCampaign = {
  slug: 'el-salvador',
  status: 'open',
  target: 'Government of El Salvador',
  defaultLang: 'en',
  texts: { en, fr, es, de, ar },
  offset: 785,
  goal: null,
};

/** The organisation the demo page speaks for. */
export const ORGANISATION = 'Amnesty International Canada';
