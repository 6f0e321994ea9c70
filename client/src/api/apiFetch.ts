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
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: options.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
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
