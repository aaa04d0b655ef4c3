/**
 * The server's entry point: settings from the environment, then start; SIGTERM and SIGINT stop
 * it cleanly. A wrong setting or a port in use ends it with one clear line and exit code 1.
 */
import { parseSettings } from './config/settings.ts';
import { startServer } from './runtime/server.ts';

const settings = parseSettings(process.env);
if ('error' in settings) {
  console.error(settings.error);
  process.exit(1);
}

const started = performance.now();
try {
  const running = await startServer(settings);
  const ms = Math.round(performance.now() - started);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(
      `${signal}: /readyz says 503, draining, then finishing in-flight requests (at most ${settings.PETITION_SHUTDOWN_MS} ms) and closing the database.`,
    );
    await running.stop();
    process.exit(0);
  };
  // Before saying it listens: whoever reads that line may send SIGTERM at once, and a signal
  // with no handler yet kills the process without draining (seen under load in shutdown.test.ts).
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  console.log(
    `Petition server listening on ${running.url} (database ${settings.DATABASE_URL ? 'PostgreSQL' : settings.DATABASE_PATH}, ready in ${ms} ms)`,
  );
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  const message =
    code === 'EADDRINUSE'
      ? `Port ${settings.PORT} is in use: stop the other server or set PORT.`
      : code === 'EACCES'
        ? `Not allowed to listen on ${settings.HOST}:${settings.PORT}: pick another PORT.`
        : `Could not start: ${(error as Error).message}`;
  console.error(message);
  process.exit(1);
}
