/**
 * The writer thread: its own connection to the database file, on which every signature batch is
 * written and committed (batch-writer.ts). The commit's fsync blocks this thread only, so the main
 * thread goes on reading requests meanwhile, and the next batch grows while the disk syncs.
 *
 * Another connection's write lock (the admin CLI) is waited for here, in SQLite's busy handler:
 * sleeping blocks no request. The connection keeps its own mirror of the campaigns (the answer's
 * counter, the events' campaign) and of the webhooks, brought up to date inside each batch's
 * transaction when another connection committed (one `PRAGMA data_version` when none did).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BatchWriter } from './batch-writer.ts';
import { CampaignStore } from './campaigns.ts';
import { ConfirmationWriter } from './confirmations.ts';
import { MailOutbox } from './mail-outbox.ts';
import { openDatabase } from './open.ts';
import { WebhookOutbox } from './webhook-outbox.ts';
import { WebhookStore } from './webhook-store.ts';
import type { WriterOptions, WriterReply, WriterRequest } from './writer-messages.ts';
import { sendError } from './writer-messages.ts';

const port = parentPort;
if (!port) throw new Error('signature-worker.ts runs as a worker thread (see signatures.ts)');
const options = workerData as WriterOptions;

// The main thread has migrated the file already: this finds nothing left to apply.
const db = openDatabase(options.file);
db.pragma(`synchronous = ${options.synchronous}`);
db.pragma(`busy_timeout = ${options.lockWaitMs}`);
const campaigns = new CampaignStore(db);
const hooks = new WebhookStore(db);
const outbox = new WebhookOutbox(db, hooks, campaigns);
let queued = false;
outbox.onQueued = () => {
  queued = true;
};
const mails = new MailOutbox(db);
let mailed = false;
mails.onQueued = () => {
  mailed = true;
};
const policy = options.confirmation && {
  ...options.confirmation,
  secret: Buffer.from(options.confirmation.secret),
};
const writer = new BatchWriter(db, campaigns, {
  outbox: (row, id) => outbox.signatureCreated(row, id),
  confirmations: policy && new ConfirmationWriter(db, mails, policy),
  // The hooks follow other connections' commits by themselves (webhook-store.ts).
  beforeBatch: () => void campaigns.syncExternalChanges(),
});

function answer(request: WriterRequest): WriterReply {
  const { id } = request;
  switch (request.type) {
    case 'batch': {
      queued = false;
      mailed = false;
      const { outcomes, added } = writer.write(request.batch);
      return {
        id,
        ok: true,
        outcomes: outcomes.map((outcome) =>
          outcome instanceof Error ? sendError(outcome) : outcome,
        ),
        campaigns: [...added.keys()],
        webhooks: queued,
        mails: mailed,
      };
    }
    case 'probe':
      writer.probe();
      return { id, ok: true };
    case 'expire':
      return { id, ok: true, value: writer.expireKeys(request.now) };
    case 'pragma':
      return { id, ok: true, value: db.pragma(request.pragma, { simple: true }) };
    case 'close':
      // Every batch sent before this one has committed: messages are handled in order.
      db.close();
      return { id, ok: true };
  }
}

port.on('message', (request: WriterRequest) => {
  let reply: WriterReply;
  try {
    reply = answer(request);
  } catch (error) {
    reply = { id: request.id, ok: false, error: sendError(error) };
  }
  port.postMessage(reply);
});
