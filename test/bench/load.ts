/**
 * One bounded load run with autocannon, from this process against a server in another process
 * (so they never share an event loop). Latencies are kept exactly (autocannon's own histogram
 * rounds to whole milliseconds, too coarse for sub-millisecond reads) and every status is counted,
 * so each run can be checked against the database afterwards.
 */
import autocannon from 'autocannon';
import { percentile } from './stats.ts';

/** One request of a run's cycle; `body` is called for each request sent (unique signatures). */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: () => { body: string; headers?: Record<string, string> };
}

/** What a run measured. */
export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  seconds: number;
  /** The run was stopped by its time limit before all its requests were answered. */
  cutOff: boolean;
}

/**
 * Runs `requests` in a cycle on each of `connections` keep-alive connections, either for
 * `seconds` or for exactly `amount` requests. A run by amount ends when every request has been
 * answered, so nothing is in flight afterwards and the 201s can be checked against the rows; it
 * is cut off after `limitSeconds` all the same (and then says so in `cutOff`).
 */
export async function runLoad(
  url: string,
  requests: LoadRequest[],
  options: { connections: number } & (
    | { seconds: number }
    | { amount: number; limitSeconds: number }
  ),
): Promise<LoadResult> {
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const instance = autocannon({
    url,
    connections: options.connections,
    ...('amount' in options ? { amount: options.amount } : { duration: options.seconds }),
    timeout: 10,
    // Each request's latency counts, however long it queued: no coordinated-omission correction
    // is needed because autocannon sends the next request only after the answer (closed loop).
    requests: requests.map((request) => ({
      method: request.method,
      path: request.path,
      headers: request.headers,
      ...(request.body
        ? {
            setupRequest: (sent: Record<string, unknown>) => {
              const { body, headers } = request.body!();
              return { ...sent, body, headers: { ...(sent.headers as object), ...headers } };
            },
          }
        : {}),
    })),
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = ms;
  });
  let cutOff = false;
  const limit =
    'amount' in options
      ? setTimeout(() => {
          cutOff = true;
          instance.stop();
        }, options.limitSeconds * 1000)
      : undefined;
  const result = await instance;
  clearTimeout(limit);
  const samples = latencies.subarray(0, count).sort();
  const statuses: Record<string, number> = {};
  for (const [status, { count: seen }] of Object.entries(result.statusCodeStats ?? {}))
    statuses[status] = seen;
  const answered = Object.values(statuses).reduce((sum, seen) => sum + seen, 0);
  return {
    requestsPerSecond: answered / result.duration,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: samples.length ? samples[samples.length - 1] : Number.NaN,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    cutOff,
  };
}
