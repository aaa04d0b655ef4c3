/**
 * Writes on the main thread's connection, made when the signature writer's thread holds no
 * transaction (SignatureWriter.idle()). The main connection does not sleep in SQLite's busy
 * handler (that would stall the event loop), so a write that met the writer thread's lock would
 * fail at once with SQLITE_BUSY, a 503: under signing load, most admin changes and delivery
 * records would. Made at the moment the writer is idle, and synchronously, they never meet it;
 * the admin CLI's lock (another process) is still answered 503 at once, as before.
 */

/**
 * `target` with the methods named in `writes` waiting for `idle` first; everything else is the
 * target's own, bound to it (its private fields need `this` to be the target).
 */
export function afterWriter<T extends object>(
  idle: () => Promise<void>,
  target: T,
  writes: readonly (keyof T)[],
): T {
  return new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      if (!writes.includes(property as keyof T)) return value.bind(object);
      return async (...args: unknown[]) => {
        await idle();
        // Synchronous from here to the commit: the next batch waits for the next turn.
        return value.apply(object, args);
      };
    },
  });
}
