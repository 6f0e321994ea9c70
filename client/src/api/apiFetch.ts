import { ApiError, NO_RESPONSE, isApiErrorBody } from './ApiError.ts';

interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * The one way the client talks to the REST API. Responses are typed by the shared contract
 * (`shared/schemas`), which server and client compile against; failures always become `ApiError`.
 */
async function request<T>(method: 'GET' | 'POST', path: string, options: RequestOptions = {}): Promise<T> {
  let response: Response;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  // Writes echo the sign-in's CSRF cookie: another site can send our cookies but cannot read this one.
  const csrf = method === 'POST' ? readCookie(CSRF_COOKIE) : undefined;
  if (csrf) headers[CSRF_HEADER] = csrf;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(NO_RESPONSE, { error: 'network_error', message: 'Cannot reach the Chairside server. Check the connection.' });
  }

  const payload = await readJson(response);
  if (!response.ok) {
    throw new ApiError(
      response.status,
      isApiErrorBody(payload) ? payload : { error: 'http_error', message: `The server answered ${response.status} ${response.statusText}`.trim() },
    );
  }
  return payload as T;
}

const CSRF_COOKIE = 'chairside_csrf';
const CSRF_HEADER = 'x-csrf-token';

function readCookie(name: string): string | undefined {
  const match = document.cookie.split('; ').find((part) => part.startsWith(`${name}=`));
  return match ? decodeURIComponent(match.slice(name.length + 1)) : undefined;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A proxy's HTML error page, for instance: report the status, not a parse error.
    return undefined;
  }
}

export function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>('GET', path, { signal });
}

export function postJson<T>(path: string, body?: unknown): Promise<T> {
  return request<T>('POST', path, { body: body ?? {} });
}
