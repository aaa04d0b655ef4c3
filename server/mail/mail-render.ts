/**
 * Rendering a due mail by its kind (mail.ts): the confirmation kinds from their campaign as it is
 * now (its title and sender name, in the signature's language), a `message` as it was written.
 * Null when there is nothing left to send: the campaign is gone, or the row kept no payload.
 */
import type { Campaign } from '../campaigns/campaign.ts';
import type { DueMail } from '../storage/mail-storage.ts';
import type { ConfirmationContext } from './confirmation-mail.ts';
import { confirmationMail } from './confirmation-mail.ts';
import type { ConfirmationPayload, MailMessage, MessagePayload } from './mail.ts';

/** Renders due mails with the server's campaigns and confirmation context. */
export function mailRenderer(
  campaigns: { byId(id: number): Campaign | undefined },
  context: ConfirmationContext,
) {
  return (mail: DueMail): MailMessage | null => {
    if (!mail.recipient || !mail.payload) return null;
    if (mail.kind === 'message') {
      return { ...(JSON.parse(mail.payload) as MessagePayload), to: mail.recipient };
    }
    const campaign = mail.campaignId === null ? undefined : campaigns.byId(mail.campaignId);
    if (!campaign) return null;
    const payload = JSON.parse(mail.payload) as ConfirmationPayload;
    return confirmationMail(mail.kind, campaign, mail.recipient, payload, context);
  };
}
