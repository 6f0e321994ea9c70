import net from 'node:net';
import type { Logger } from '../logger.ts';
import { MllpDecoder, mllpFrame } from './mllp.ts';
import type { IngestService } from './service.ts';

export interface MllpListener {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** How long a connection may stay silent before it is closed (monitors reconnect). */
const IDLE_MS = 10 * 60_000;

/**
 * The MLLP listener for monitor gateways: TCP, `<VT> message <FS><CR>`, one ACK per message in
 * the order received. Every frame is answered (AA / AE / AR, see the ingest service); a frame that
 * cannot be decoded as text still gets an AR. Messages on one connection are processed one after
 * another, so ACKs come back in order; connections are independent.
 *
 * Framing is our own `MllpDecoder`; @medplum/hl7 4.5's `Hl7Server` cannot bind an address
 * (`MLLP_HOST`), retries EADDRINUSE forever, and merges or loses frames that TCP splits or joins.
 */
export async function startMllpListener(
  ingest: IngestService,
  logger: Logger,
  host: string,
  port: number,
  options: { fallbackToFreePort?: boolean } = {},
): Promise<MllpListener> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.setTimeout(IDLE_MS, () => socket.destroy());
    const decoder = new MllpDecoder();
    let queue: Promise<void> = Promise.resolve();
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    socket.on('data', (chunk: Buffer) => {
      for (const event of decoder.push(chunk)) {
        if (event.type !== 'frame') {
          logger.warn({ peer, event: event.type, bytes: event.bytes }, 'MLLP bytes outside a frame were dropped');
          continue;
        }
        queue = queue.then(async () => {
          try {
            const text = new TextDecoder('utf-8', { fatal: false }).decode(event.payload);
            const outcomes = await ingest.receive(null, text, 'mllp');
            for (const outcome of outcomes) {
              if (!socket.destroyed) socket.write(mllpFrame(outcome.ack));
            }
          } catch (error) {
            // The store failed (not the message): say nothing rather than a false ACK; the sender resends.
            logger.error({ err: error, peer }, 'MLLP message could not be processed');
          }
        });
      }
    });
    socket.on('error', (error) => logger.debug({ err: error, peer }, 'MLLP connection error'));
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = (at: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(at, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen(port);
  } catch (error) {
    // The demo takes any free port when the standard one is taken; a real deployment fails loudly.
    if (!options.fallbackToFreePort || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    logger.warn({ port }, 'MLLP port in use; listening on a free port instead');
    await listen(0);
  }
  server.on('error', (error) => logger.error({ err: error }, 'MLLP listener error'));
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  ingest.setLiveAddress({ host, port: bound });
  logger.info({ host, port: bound }, 'MLLP listener started');
  return {
    host,
    port: bound,
    async close() {
      ingest.setLiveAddress(null);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
