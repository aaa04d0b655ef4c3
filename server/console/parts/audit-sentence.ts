/**
 * An audit entry as a sentence: who (the admin token, the command line, or a key by its label),
 * what changed (from what to what, on which signature, for which partner) and why, in the words
 * the person gave. The API keeps codes and ids; the console says what they mean.
 */
import { count, partnerName, reasonWords } from '../format.ts';
import type { AdminKeyInfo, AuditEntry, PartnerView } from '../types.ts';

/** Who made the change. */
function who(entry: AuditEntry, keys: readonly AdminKeyInfo[]): string {
  if (entry.actor === 'token') return 'The admin token';
  if (entry.actor === 'cli') return 'The command line';
  if (entry.actor === 'server') return 'The server';
  const key = keys.find((each) => each.id === entry.keyId);
  return key ? `The key “${key.label}” (#${key.id})` : `The key #${entry.keyId}`;
}

/** What was done. */
function what(entry: AuditEntry, partners: readonly PartnerView[]): string {
  const signature = `signature #${entry.signatureId}`;
  const flag = reasonWords(entry.flag ?? '');
  // A partner's entries carry its slug where others carry a reason.
  const partner = `the partner ${partnerName(entry.reason, partners)} (${entry.reason})`;
  switch (entry.action) {
    case 'create':
      return `created the campaign with an offset of ${count(entry.newValue ?? 0)}`;
    case 'offset':
      return `changed the offset from ${count(entry.oldValue ?? 0)} to ${count(entry.newValue ?? 0)}`;
    case 'erasure':
      return `erased ${signature} at the person's request`;
    case 'flag':
      return `flagged ${signature} by hand`;
    case 'unflag':
      return `counted ${signature}, which was flagged (${flag})`;
    case 'keep':
      return `kept ${signature} flagged (${flag}) after review`;
    case 'partner_create':
      return `added ${partner}`;
    case 'partner_update':
      return `changed ${partner}`;
    case 'partner_delete':
      return `removed ${partner} and revoked its keys`;
    case 'unconfirmed_deleted':
      return `deleted ${count(entry.newValue ?? 0)} signatures never confirmed by email`;
    case 'retention_erasure':
      return `erased the names, emails and cities of ${count(entry.newValue ?? 0)} signatures after the retention`;
  }
}

/** The entry as one sentence. */
export function auditSentence(
  entry: AuditEntry,
  keys: readonly AdminKeyInfo[],
  partners: readonly PartnerView[],
): string {
  const partnerEntry = entry.action.startsWith('partner_');
  const why = entry.reason && !partnerEntry ? `: “${entry.reason}”` : '';
  return `${who(entry, keys)} ${what(entry, partners)}${why}.`;
}
