/**
 * Secrets the server must read back (a webhook's signing secret) kept sealed at rest: AES-256-GCM
 * under a key derived from the server secret with HKDF-SHA256, one key per purpose, a random
 * 96-bit nonce per seal, and the purpose as additional data. A copy of the database (a backup, a
 * dump) holds only sealed values: without the server secret, which never sits inside the
 * database (secret-file.ts), they open to nothing, and any change to one fails its tag.
 *
 * Sealed text: `v1.` then base64url of nonce (12 bytes), ciphertext, tag (16 bytes).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'v1.';
const NONCE = 12;
const TAG = 16;
/** HKDF's salt: fixed and public, as RFC 5869 allows; the server secret is the key material. */
const SALT = 'petition-widget sealed secrets';

/** A sealed value that does not open: another server secret, or changed since it was sealed. */
export class SealBroken extends Error {
  constructor() {
    super('a sealed secret does not open under this server secret');
  }
}

/** Is this text a sealed value (as opposed to what older versions kept in clear)? */
export const isSealed = (value: string) => value.startsWith(PREFIX);

/** Seals and opens values for one purpose under one server secret. */
export class Sealer {
  readonly #key: Buffer;
  readonly #purpose: Buffer;

  constructor(serverSecret: Buffer, purpose: string) {
    this.#purpose = Buffer.from(purpose, 'utf8');
    this.#key = Buffer.from(hkdfSync('sha256', serverSecret, SALT, this.#purpose, 32));
  }

  seal(plain: string): string {
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    cipher.setAAD(this.#purpose);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The plain value; throws SealBroken when it does not open. */
  open(sealed: string): string {
    if (!isSealed(sealed)) throw new SealBroken();
    const bytes = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
    if (bytes.length < NONCE + TAG) throw new SealBroken();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, bytes.subarray(0, NONCE));
      decipher.setAAD(this.#purpose);
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG));
      const body = bytes.subarray(NONCE, bytes.length - TAG);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new SealBroken();
    }
  }
}
