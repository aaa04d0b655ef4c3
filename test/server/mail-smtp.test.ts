/**
 * The mail path over a real SMTP server (smtp-receiver.ts: STARTTLS, AUTH, mailparser), with the
 * whole server on each engine: the confirmation mail as a supporter gets it (text and HTML, their
 * language, the campaign's sender name, DKIM-signed), its link confirming; a 451 then a 250
 * delivered once; a 550 marked bounced and never retried; a mail server that is down loses
 * nothing.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Settings } from '../../server/config/settings.ts';
import { TOKEN } from './admin-helpers.ts';
import { EACH_ENGINE, startServerOn } from './engine-app.ts';
import { tempDir, validBody } from './helpers.ts';
import { waitFor } from '../wait-for.ts';
import { linkIn, startSmtp } from './smtp-receiver.ts';

/** Retries and polls fast, so a test waits milliseconds, not the production seconds. */
const FAST: Partial<Settings> = {
  PETITION_MAIL_RETRY_MS: 50,
  PETITION_MAIL_RETRY_MAX_MS: 200,
  PETITION_MAIL_POLL_MS: 25,
  PETITION_MAIL_TIMEOUT_MS: 5_000,
  PETITION_ADMIN_TOKEN: TOKEN,
  PETITION_BOT_CHECKS: 'off',
  PETITION_RATE_LIMIT: 'off',
};

const stops: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
});

/** The whole server on `engine`, sending through `smtp`, its demo asking for confirmation. */
async function serve(
  engine: 'sqlite' | 'postgres',
  smtp: { settings: Partial<Settings> },
  more: Partial<Settings> = {},
) {
  const { running, count } = await startServerOn(engine, { ...FAST, ...smtp.settings, ...more });
  stops.push(running.stop);
  const call = (route: string, init: RequestInit = {}) =>
    fetch(running.url + route, {
      ...init,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });
  const patched = await call('/api/admin/campaigns/el-salvador', {
    method: 'PATCH',
    body: JSON.stringify({ verification: 'email', senderName: 'Amnesty International Canada' }),
  });
  assert.equal(patched.status, 200);
  const sign = async (body: Record<string, unknown>) => {
    const answer = await call('/api/campaigns/el-salvador/signatures', {
      method: 'POST',
      body: JSON.stringify(body),
    });
    assert.equal(answer.status, 200);
    return answer.json();
  };
  const counter = async () =>
    (await (await fetch(`${running.url}/api/campaigns/el-salvador/counter`)).json()).signatures;
  const stats = async () => (await call('/api/admin/campaigns/el-salvador/stats')).json();
  return { running, count, call, sign, counter, stats };
}

for (const { engine, skip } of EACH_ENGINE) {
  describe(`mail over SMTP on ${engine}`, { skip }, () => {
    it('sends the confirmation mail over STARTTLS with AUTH: text and HTML, the signer’s language, the campaign’s sender, DKIM; its link confirms', async () => {
      const smtp = await startSmtp();
      stops.push(smtp.close);
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const keyFile = path.join(tempDir(), 'dkim.pem');
      fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const server = await serve(engine, smtp, {
        PETITION_DKIM_KEY_FILE: keyFile,
        PETITION_DKIM_SELECTOR: 'mail2026',
      });
      const body = validBody({ lang: 'fr', firstName: 'Zoé' });
      await server.sign(body);
      await waitFor(() => smtp.to(body.email).length === 1, 'the mail');
      const [{ mail, secure, user, raw }] = smtp.to(body.email);
      assert.equal(secure, true, 'upgraded with STARTTLS before anything was sent');
      assert.equal(user, 'petition', 'logged in');
      assert.deepEqual(mail.from?.value, [
        { address: 'petitions@example.org', name: 'Amnesty International Canada' },
      ]);
      assert.match(mail.subject ?? '', /^Confirmez votre signature\s: /);
      assert.match(mail.text ?? '', /Bonjour Zoé,/);
      assert.match(
        mail.text ?? '',
        /Ne faites rien\s: la signature ne compte pas et elle est supprimée sous 30 jours/,
      );
      assert.match(String(mail.html), /<html lang="fr"/);
      assert.match(String(mail.html), /Confirmer ma signature/);
      const link = linkIn(mail);
      assert.ok(link.startsWith(`${server.running.url}/confirm/`), link);
      assert.ok(
        String(mail.html).includes(link.replace(/&/g, '&amp;')),
        'the same link in the HTML',
      );
      assert.equal(mail.headers.get('content-language'), 'fr');
      assert.match(raw, /^DKIM-Signature: .*d=example\.org;/m);
      assert.match(raw, /^DKIM-Signature: [\s\S]*?s=mail2026;/m);

      const page = await fetch(link);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /Confirmez votre signature/);
      assert.equal(await server.counter(), 0, 'opening the link counts nothing');
      const confirmed = await fetch(link, { method: 'POST' });
      assert.equal(confirmed.status, 200);
      assert.equal(await server.counter(), 1);
    });

    it('a 451, then a 250: retried, delivered once', async () => {
      const smtp = await startSmtp();
      stops.push(smtp.close);
      const server = await serve(engine, smtp);
      smtp.deferNext(1);
      const body = validBody();
      await server.sign(body);
      await waitFor(() => smtp.to(body.email).length === 1, 'the mail after a retry');
      assert.equal(smtp.tries(body.email), 2, 'refused once, taken the second time');
      // Recorded as sent: no further try will come.
      const sent = async () =>
        (await server.stats()).bounced === 0 && smtp.to(body.email).length === 1;
      assert.ok(await sent());
      // Another mail goes through the same worker after it: the first is not sent again.
      const other = validBody();
      await server.sign(other);
      await waitFor(() => smtp.to(other.email).length === 1, 'the next mail');
      assert.equal(smtp.to(body.email).length, 1, 'delivered once');
      assert.equal(smtp.tries(body.email), 2);
    });

    it('a 550: the address is marked bounced and never tried again, nor mailed later', async () => {
      const smtp = await startSmtp();
      stops.push(smtp.close);
      const server = await serve(engine, smtp);
      const body = validBody();
      smtp.refuse(body.email);
      await server.sign(body);
      const bounced = await waitFor(async () => (await server.stats()).bounced, 'a bounce', {
        every: 20,
      });
      assert.equal(bounced, 1);
      assert.equal(smtp.tries(body.email), 1);
      // A later mail to another address passes; this one is not tried again meanwhile.
      const other = validBody();
      await server.sign(other);
      await waitFor(() => smtp.to(other.email).length === 1, 'the next mail');
      await server.sign(body);
      const third = validBody();
      await server.sign(third);
      await waitFor(() => smtp.to(third.email).length === 1, 'a mail after the second signing');
      assert.equal(smtp.tries(body.email), 1, 'no mail to a bounced address');
      assert.equal(smtp.to(body.email).length, 0);
    });

    it('loses nothing while the mail server is down: everything goes once it is back', async () => {
      const smtp = await startSmtp();
      stops.push(smtp.close);
      const server = await serve(engine, smtp);
      await smtp.close();
      const bodies = Array.from({ length: 5 }, () => validBody());
      for (const body of bodies) await server.sign(body);
      // Tried and failed (connection refused), kept pending for the next try.
      await smtp.open();
      await waitFor(
        () => bodies.every((body) => smtp.to(body.email).length === 1),
        'every mail once the server is back',
        20_000,
      );
    });
  });
}
