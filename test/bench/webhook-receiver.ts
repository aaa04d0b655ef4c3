/**
 * For BENCH_WEBHOOK=on: a receiver on 127.0.0.1 that answers 204 to every delivery, and a host
 * webhook to it written into the benchmark's database before the server starts (it loads its
 * hooks at start), its secret sealed under the secret file the server will read.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '../../server/storage/sqlite/open.ts';
import { loadSecret } from '../../server/storage/sqlite/secret.ts';
import { WebhookStore } from '../../server/storage/sqlite/webhook-store.ts';
import { newWebhookSecret, WebhookSecrets } from '../../server/webhooks/webhook-secrets.ts';

export async function webhookReceiver(file: string) {
  let received = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received++;
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const db = openDatabase(file);
  try {
    const secret = loadSecret(db, { DATABASE_PATH: file });
    new WebhookStore(db).create({
      body: { url: `http://127.0.0.1:${port}/hook`, events: ['signature.created'] },
      sealedSecret: new WebhookSecrets(secret).seal(newWebhookSecret()),
      scope: null,
      keyId: null,
    });
  } finally {
    db.close();
  }
  return { received: () => received, close: () => server.close() };
}
