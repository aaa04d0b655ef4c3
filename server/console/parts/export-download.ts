/**
 * `<console-export-download>`: one export (a CSV, or the delivery pack's PDF) as a download. A link cannot carry the key (it
 * would have to go in the URL), so where service workers run the download worker fetches the
 * export with the Authorization header and the browser's download manager writes it to disk as it
 * arrives (parts/worker-download.ts), with its progress shown here. Where they cannot run (plain
 * http to another host), the export is read here as a stream and handed over as a file when
 * complete: the tab then holds the whole file, and a line says so.
 */
import { html } from 'lit';
import type { AdminApi } from '../api.ts';
import { ATTRIBUTE, ConsoleElement, PROP, STATE, define } from '../element.ts';
import { bytes, count } from '../format.ts';
import { ApiTask } from '../task.ts';
import type { Streamed } from './worker-download.ts';
import { downloadWorker, streamToDisk } from './worker-download.ts';

/** How often the progress line changes at most, ms. */
const PROGRESS_MS = 100;

/** The file name the server gave in Content-Disposition. */
function fileName(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  return /filename="?([^";]+)"?/.exec(header)?.[1] ?? fallback;
}

/** Hands bytes to the browser as a file download. */
function save(chunks: Uint8Array[], name: string, type: string): void {
  const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the download reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export class ConsoleExportDownload extends ConsoleElement {
  static override properties = { api: PROP, path: ATTRIBUTE, label: ATTRIBUTE, streams: STATE };
  api!: AdminApi;
  /** The export's path under /api/admin. */
  path = '';
  label = '';
  private readonly download = new ApiTask<string>(this);

  /** False once the download worker is known to be unavailable (the file goes through memory). */
  private streams = true;

  override connectedCallback(): void {
    super.connectedCallback();
    void downloadWorker().then((worker) => (this.streams = worker !== null));
  }

  private async handleClick(): Promise<void> {
    await this.download.run(async (signal, progress) => {
      const worker = await downloadWorker();
      // A PDF's lines are not rows: its size alone.
      const pdf = this.path.endsWith('.pdf');
      const show = ({ name, bytes: received, lines }: Streamed) =>
        progress(
          `Downloading ${name}: ${bytes(received)}${pdf ? '' : `, ${count(lines)} lines`} so far…`,
        );
      const done = worker
        ? await streamToDisk(worker, this.path, this.api.authorization(), signal, show)
        : await this.inMemory(signal, show);
      if (pdf) return `Downloaded ${done.name}: ${bytes(done.bytes)}.`;
      // The header line is not a signature.
      const rows = count(Math.max(0, done.lines - 1));
      return `Downloaded ${done.name}: ${bytes(done.bytes)}, ${rows} rows.`;
    });
  }

  /** Reads the whole export here, then saves it: the fallback without the download worker. */
  private async inMemory(
    signal: AbortSignal,
    show: (streamed: Streamed) => void,
  ): Promise<Streamed> {
    const response = await this.api.request(this.path, { signal });
    const streamed: Streamed = { name: fileName(response, 'export.csv'), bytes: 0, lines: 0 };
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    let shown = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      streamed.bytes += value.length;
      for (const byte of value) if (byte === 10) streamed.lines++;
      if (performance.now() - shown > PROGRESS_MS) {
        shown = performance.now();
        show(streamed);
      }
    }
    save(chunks, streamed.name, response.headers.get('content-type') ?? 'text/csv');
    return streamed;
  }

  protected override render() {
    const running = this.download.state === 'running';
    return html`<button type="button" @click=${this.handleClick} ?disabled=${running}>
        ${this.label}
      </button>
      ${
        running
          ? html`<button type="button" class="quiet" @click=${() => this.download.abort()}>
            Cancel
          </button>`
          : ''
      }
      ${
        this.streams
          ? ''
          : html`<p class="help">
            This browser cannot stream to disk here (that needs https): the file is held in
            memory until it is complete.
          </p>`
      }
      ${this.download.status({ running: 'Starting the download…', done: this.download.value })}`;
  }
}

define('console-export-download', ConsoleExportDownload);
