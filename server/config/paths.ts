/** Where the project's files are, whether the server runs from source or from its bundle. */
import fs from 'node:fs';
import path from 'node:path';

function findRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
  return dir;
}

/** The project root (the folder with package.json). */
export const ROOT = findRoot(import.meta.dirname);

/** The built widget bundle. */
export const WIDGET_FILE = path.join(ROOT, 'server', 'public', 'widget.js');
/** widget.js's second chunk (widget/thanks-chunk.ts), built beside it. */
export const WIDGET_CHUNK_FILE = path.join(ROOT, 'server', 'public', 'widget-thanks.js');

/** The built admin console (server/console/vite.config.ts). */
export const CONSOLE_DIR = path.join(ROOT, 'server', 'console', 'dist');

/** The demo campaign the server seeds when PETITION_SEED is on: data, read at start. */
export const SEED_FILE = path.join(ROOT, 'demo', 'el-salvador.json');
