import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from '../config';

/** Query parameters whose values are credentials of some kind and never reach a log line. */
const SECRET_PARAMS =
  /^(code|state|token|access_token|refresh_token|id_token|code_verifier|client_secret|password|_csrf)$/i;

/** The request URL with secret query values replaced, so OAuth callbacks can be logged safely. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  for (const key of [...params.keys()]) {
    if (SECRET_PARAMS.test(key)) params.set(key, '[redacted]');
    // A return address (`next=`) can carry another URL's secrets.
    else if (key === 'next') params.set(key, redactUrl(params.get(key) ?? ''));
  }
  return `${url.slice(0, queryStart)}?${params.toString()}`;
}

export function loggerParams(config: AppConfig, destination?: DestinationStream): Params {
  const options = {
    level: config.logLevel,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: {
      ignore: (req: IncomingMessage) => !!req.url && /^\/(health|assets)\//.test(req.url),
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    redact: {
      paths: ['req.headers', 'res.headers', '*.authorization', '*.cookie', '*.password', '*.token'],
      remove: true,
    },
  };
  return { pinoHttp: destination ? [options, destination] : options };
}
