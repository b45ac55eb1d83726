import { describe, expect, it } from 'vitest';
import { mapError } from './error.filter.js';

/** Errors as the clients raise them when PostgreSQL or Redis is unreachable (shapes recorded from real outages). */
const outages: [string, unknown][] = [
  ['pg: connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
  ['pg: server shut down mid-query', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
  ['pg: starting up', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
  ['pg: connection terminated', new Error('Connection terminated unexpectedly')],
  ['pg: pool timeout', new Error('timeout exceeded when trying to connect')],
  ['node: connection reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
  [
    'prisma: database not reachable',
    Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), {
      name: 'PrismaClientKnownRequestError',
      code: 'P1001',
      meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } } },
    }),
  ],
  [
    'prisma: raw query cut by shutdown',
    Object.assign(new Error('Raw query failed. Code: `57P01`.'), {
      name: 'PrismaClientKnownRequestError',
      code: 'P2010',
      meta: { driverAdapterError: { cause: { kind: 'postgres', originalCode: '57P01', code: '57P01' } } },
    }),
  ],
  ['prisma: pool timeout', Object.assign(new Error('Timed out fetching a new connection'), { code: 'P2024' })],
  ['prisma: adapter connection closed', { name: 'DriverAdapterError', cause: { kind: 'ConnectionClosed' } }],
  ['pglite: closed', new Error('PGlite is closed')],
  ['ioredis: connection closed', new Error('Connection is closed.')],
  ['ioredis: command timeout', new Error('Command timed out')],
  [
    'ioredis: max retries',
    Object.assign(new Error('Reached the max retries per request limit (which is 1).'), { name: 'MaxRetriesPerRequestError' }),
  ],
  ['ioredis: offline queue off', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
  ['wrapped in a cause', new Error('rate limit failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) })],
];

describe('mapError: dependency outages', () => {
  it.each(outages)('%s → 503 service.unavailable with Retry-After', (_label, error) => {
    const mapped = mapError(error);
    expect(mapped.status).toBe(503);
    expect(mapped.body.code).toBe('service.unavailable');
    expect(Number(mapped.headers?.['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect(Number(mapped.headers?.['Retry-After'])).toBeLessThanOrEqual(10);
  });

  it('keeps bugs and query errors a 500, and conflicts a 409', () => {
    expect(mapError(new TypeError("Cannot read properties of undefined (reading 'id')")).status).toBe(500);
    expect(mapError(Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' })).status).toBe(500);
    expect(mapError(Object.assign(new Error('Unique constraint failed'), { code: 'P2002' })).status).toBe(409);
  });
});
