/**
 * The load generator, run as its own process so that it does not share an event loop with the
 * sandbox it measures: autocannon posting valid, unique JSON requests. Prints one JSON line.
 */
import autocannon from 'autocannon';
import { requestBody } from './lib/requests.js';

const [url = '', seconds = '30', connections = '16'] = process.argv.slice(2);
/** Above the numbers the latency and cost sections use in the same sandbox, so no request repeats one. */
let n = 2_000_000;

const result = await autocannon({
  url,
  duration: Number(seconds),
  connections: Number(connections),
  requests: [
    {
      method: 'POST',
      path: '/requests',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request) => ({ ...request, body: JSON.stringify(requestBody(n++)) }),
    },
  ],
});

process.stdout.write(
  `${JSON.stringify({
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    sent: n - 2_000_000,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    status2xx: result['2xx'],
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    durationSeconds: result.duration,
  })}\n`,
);
