import type { Server as HttpServer } from 'node:http';
import { parse as parseCookies } from 'cookie';
import { Server } from 'socket.io';
import { z } from 'zod';
import { type Action, can } from '../../shared/auth/permissions.ts';
import {
  ALARMS_ROOM,
  SOCKET_EVENT_ACTIONS,
  type SocketFailure,
  WARD_ROOM,
  sessionRoom,
} from '../../shared/realtime/socketEvents.ts';
import type { SessionUser } from '../../shared/schemas/auth.ts';
import { observationBatchSchema } from '../../shared/schemas/observation.ts';
import { sideEffectBatchSchema } from '../../shared/schemas/sideEffect.ts';
import { actorFromUser } from '../domain/actor.ts';
import { SESSION_COOKIE } from '../auth/authSessions.ts';
import { alarmChangesSince, changesSince } from '../domain/changeLog.ts';
import { DomainError } from '../domain/errors.ts';
import { headSeq } from '../domain/sessionQueries.ts';
import { validate } from '../domain/validate.ts';
import type { ServerConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { toErrorBody } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { accountRoom, credentialRoom } from './credentialRoom.ts';
import type { ChairsideServer, ChairsideSocket, SocketData } from './socketTypes.ts';

const subscribeSchema = z.object({ since: z.number().int().min(0).optional() });
const sessionSubscribeSchema = subscribeSchema.extend({ sessionId: z.uuid() });

/** Who a socket's credential belongs to now, or null once the sign-in or token has ended. */
async function currentHolder(services: Services, credential: SocketData['credential']): Promise<SessionUser | null> {
  if (credential.kind === 'device') return services.deviceTokens.resolve(credential.token);
  return (await services.auth.resolve(credential.token))?.user ?? null;
}

export function attachSocketServer(
  httpServer: HttpServer,
  services: Services,
  logger: Logger,
  config: Pick<ServerConfig, 'socketRecheckMs'>,
): ChairsideServer {
  const io: ChairsideServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 1_000_000,
    cors: { origin: false },
    // A page on another site must not ride the user's cookie into a socket (cross-site WebSocket hijacking).
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      if (!origin) return callback(null, true);
      try {
        callback(null, new URL(origin).host === req.headers.host);
      } catch {
        callback(null, false);
      }
    },
  });

  // Anonymous sockets are refused at the handshake: the same cookie session as the API, or a device token.
  io.use(async (socket, next) => {
    try {
      const deviceToken = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;
      const sessionToken = parseCookies(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
      const credential: SocketData['credential'] | undefined = deviceToken
        ? { kind: 'device', token: deviceToken }
        : sessionToken
          ? { kind: 'session', token: sessionToken }
          : undefined;
      const user = credential ? await currentHolder(services, credential) : null;
      if (!credential || !user) return next(new Error('unauthenticated'));
      socket.data.user = user;
      socket.data.credential = credential;
      socket.data.sourceIp = socket.handshake.address ?? null;
      next();
    } catch (error) {
      logger.error({ err: error }, 'socket authentication failed');
      next(new Error('unavailable'));
    }
  });

  io.on('connection', (socket) => {
    void socket.join([credentialRoom(socket.data.credential.token), accountRoom(socket.data.user.id)]);
    registerHandlers(socket, services, logger);
  });

  // Signing out ends the sign-in's sockets too, on every node, not only its future requests. This
  // node closes its own directly: the Redis adapter routes even those through Redis, which may be
  // down (the other nodes' sockets then close at the periodic re-check below).
  const closeRoom = (room: string) => {
    io.local.in(room).disconnectSockets(true);
    io.in(room).disconnectSockets(true);
  };
  services.auth.onSignedOut((token) => closeRoom(credentialRoom(token)));
  // An account disabled or its password reset, or a device token revoked: all its sockets, at once.
  services.auth.onUserSignedOut((userId) => closeRoom(accountRoom(userId)));
  services.deviceTokens.onRevoked((deviceUserId) => closeRoom(accountRoom(deviceUserId)));

  // Sign-ins also end by idling out, expiring, or the account being disabled: re-check open sockets.
  const recheck = setInterval(() => {
    void (async () => {
      for (const socket of io.of('/').sockets.values()) {
        if (!(await currentHolder(services, socket.data.credential))) socket.disconnect(true);
      }
    })().catch((error: unknown) => logger.warn({ err: error }, 'socket re-check failed'));
  }, config.socketRecheckMs);
  recheck.unref();
  io.engine.on('close', () => clearInterval(recheck));
  httpServer.on('close', () => clearInterval(recheck));
  return io;
}

function registerHandlers(socket: ChairsideSocket, services: Services, logger: Logger): void {
  const guard = async (action: Action): Promise<void> => {
    // The sign-in may have ended (signed out, expired, account disabled) since the handshake.
    const user = await currentHolder(services, socket.data.credential);
    if (!user) throw new DomainError(401, 'unauthenticated', 'Sign in again');
    socket.data.user = user;
    if (!can(user.roles, action)) throw new DomainError(403, 'forbidden', `Your role may not ${action}`);
  };
  const actor = () => actorFromUser(socket.data.user, socket.data.sourceIp);
  /** Recording is activity: it keeps a person's sign-in from idling out. */
  const markActivity = async (): Promise<void> => {
    if (socket.data.credential.kind === 'session') await services.auth.touch(socket.data.credential.token);
  };

  /** Every handler answers through its ack, with the API's error body on refusal; none can throw. */
  function handle<Req, Res>(
    event: string,
    work: (request: Req) => Promise<Res>,
  ): (request: Req, ack?: (answer: Res | SocketFailure) => void) => void {
    return (request, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      work(request).then(
        (answer) => reply(answer),
        (error: unknown) => {
          const { status, body } = toErrorBody(error);
          if (status >= 500) logger.error({ err: error, event }, 'socket event failed');
          reply({ ok: false, ...body });
          // A socket whose sign-in has ended gets no more pushes either.
          if (status === 401) socket.disconnect(true);
        },
      );
    };
  }

  socket.on(
    'ward:subscribe',
    handle('ward:subscribe', async (request: unknown) => {
      await guard(SOCKET_EVENT_ACTIONS['ward:subscribe']);
      const { since } = validate(subscribeSchema, request ?? {});
      await socket.join(WARD_ROOM);
      const head = await headSeq(services.db);
      if (since === undefined) return { ok: true as const, missed: [], headSeq: head, resync: false };
      return { ok: true as const, headSeq: head, ...(await changesSince(services.db, since)) };
    }),
  );

  socket.on('ward:unsubscribe', () => {
    void socket.leave(WARD_ROOM);
  });

  socket.on(
    'session:subscribe',
    handle('session:subscribe', async (request: unknown) => {
      await guard(SOCKET_EVENT_ACTIONS['session:subscribe']);
      const { since, sessionId } = validate(sessionSubscribeSchema, request ?? {});
      await socket.join(sessionRoom(sessionId));
      const head = await headSeq(services.db);
      if (since === undefined) return { ok: true as const, missed: [], headSeq: head, resync: false };
      return { ok: true as const, headSeq: head, ...(await changesSince(services.db, since, sessionId)) };
    }),
  );

  socket.on('session:unsubscribe', (request: unknown) => {
    const parsed = z.object({ sessionId: z.uuid() }).safeParse(request);
    if (parsed.success) void socket.leave(sessionRoom(parsed.data.sessionId));
  });

  socket.on(
    'alarms:subscribe',
    handle('alarms:subscribe', async (request: unknown) => {
      await guard(SOCKET_EVENT_ACTIONS['alarms:subscribe']);
      const { since } = validate(subscribeSchema, request ?? {});
      await socket.join(ALARMS_ROOM);
      const head = await headSeq(services.db);
      if (since === undefined) return { ok: true as const, missed: [], headSeq: head, resync: false };
      return { ok: true as const, headSeq: head, ...(await alarmChangesSince(services.db, since)) };
    }),
  );

  socket.on('alarms:unsubscribe', () => {
    void socket.leave(ALARMS_ROOM);
  });

  socket.on(
    'observations:record',
    handle('observations:record', async (request: unknown) => {
      await guard(SOCKET_EVENT_ACTIONS['observations:record']);
      await markActivity();
      const { observations } = validate(observationBatchSchema, request ?? {});
      return { ok: true as const, results: await services.observations.recordObservations(actor(), observations) };
    }),
  );

  socket.on(
    'sideEffects:record',
    handle('sideEffects:record', async (request: unknown) => {
      await guard(SOCKET_EVENT_ACTIONS['sideEffects:record']);
      await markActivity();
      const { sideEffects } = validate(sideEffectBatchSchema, request ?? {});
      return { ok: true as const, results: await services.sideEffects.recordSideEffects(actor(), sideEffects) };
    }),
  );
}
