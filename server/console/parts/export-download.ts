/**
 * `<console-export-download>`: one CSV export as a download. A link cannot carry the key (it
 * would have to go in the URL), so the export is fetched with the Authorization header, read as a
 * stream with its progress shown, and handed to the browser as a file when complete. The server
 * streams the rows in constant memory; the browser holds the finished file until it is saved.
 */
import { html } from 'lit';
import { property } from 'lit/decorators.js';
import type { AdminApi } from '../api.ts';
import { ConsoleElement } from '../element.ts';
import { bytes, count } from '../format.ts';
import { ApiTask } from '../task.ts';

/** How often the progress line changes at most, ms. */
const PROGRESS_MS = 100;

/** The file name the server gave in Content-Disposition. */
function fileName(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  return /filename="?([^";]+)"?/.exec(header)?.[1] ?? fallback;
}

/** Hands bytes to the browser as a file download. */
function save(chunks: Uint8Array[], name: string): void {
  const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: 'text/csv' }));
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
  @property({ attribute: false }) api!: AdminApi;
  /** The export's path under /api/admin. */
  @property() path = '';
  @property() label = '';
  private readonly download = new ApiTask<string>(this);

  private async handleClick(): Promise<void> {
    await this.download.run(async (signal, progress) => {
      const response = await this.api.request(this.path, { signal });
      const name = fileName(response, 'export.csv');
      const reader = response.body!.getReader();
      const chunks: Uint8Array[] = [];
      let received = 0;
      let lines = 0;
      let shown = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.length;
        for (const byte of value) if (byte === 10) lines++;
        if (performance.now() - shown > PROGRESS_MS) {
          shown = performance.now();
          progress(`Downloading ${name}: ${bytes(received)}, ${count(lines)} lines so far…`);
        }
      }
      save(chunks, name);
      // The header line is not a signature.
      return `Downloaded ${name}: ${bytes(received)}, ${count(Math.max(0, lines - 1))} rows.`;
    });
  }

  protected override render() {
    const running = this.download.state === 'running';
    return html`<button type="button" @click=${this.handleClick} ?disabled=${running}>
        ${this.label}
      </button>
      ${running
        ? html`<button type="button" class="quiet" @click=${() => this.download.abort()}>
            Cancel
          </button>`
        : ''}
      ${this.download.status({ running: 'Starting the download…', done: this.download.value })}`;
  }
}

if (!customElements.get('console-export-download'))
  customElements.define('console-export-download', ConsoleExportDownload);
