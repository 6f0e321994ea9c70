import { expect } from 'vitest';
import type { ApiErrorBody } from '../../shared/schemas/common.ts';

export interface ApiResponse<T> {
  status: number;
  /** Parsed JSON, or the raw text when the answer is not JSON. */
  body: T;
  contentType: string;
}

/**
 * A tiny HTTP client for the API, signed in with a session cookie (or anonymous). The type
 * parameter states what the test expects back; `expectStatus` checks it before the body is used.
 */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly cookie?: string,
  ) {}

  get<T = unknown>(path: string): Promise<ApiResponse<T>> {
    return this.send<T>('GET', path);
  }

  post<T = unknown>(path: string, body: unknown = {}): Promise<ApiResponse<T>> {
    return this.send<T>('POST', path, JSON.stringify(body));
  }

  /** Posts a body exactly as given (malformed JSON, oversized bodies). */
  postRaw<T = unknown>(path: string, raw: string, contentType = 'application/json'): Promise<ApiResponse<T>> {
    return this.send<T>('POST', path, raw, contentType);
  }

  private async send<T>(method: string, path: string, body?: string, contentType = 'application/json'): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (this.cookie) {
      headers.cookie = this.cookie;
      // What the app does: echo the CSRF cookie in a header on every write.
      const csrf = /(?:^|;\s*)chairside_csrf=([^;]+)/.exec(this.cookie)?.[1];
      if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
    }
    if (body !== undefined) headers['content-type'] = contentType;
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body, signal: AbortSignal.timeout(15_000) });
    const type = response.headers.get('content-type') ?? '';
    const text = await response.text();
    const parsed: unknown = type.includes('json') && text ? JSON.parse(text) : text;
    return { status: response.status, body: parsed as T, contentType: type };
  }
}

/** Asserts the status (showing the body when it differs) and returns the body. */
export function expectStatus<T>(response: ApiResponse<T>, status: number): T {
  expect({ status: response.status, body: response.body }).toMatchObject({ status });
  return response.body;
}

/** Asserts an error answer: its status, its machine-readable code, and the one error body shape. */
export function expectError(response: ApiResponse<unknown>, status: number, code: string): ApiErrorBody {
  expect({ status: response.status, body: response.body }).toMatchObject({ status, body: { error: code } });
  expect(response.contentType).toContain('application/json');
  const body = response.body as ApiErrorBody;
  expect(typeof body.message).toBe('string');
  return body;
}

/** Signs in and returns the Cookie header a browser would send back: the session and CSRF cookies. */
export async function signInCookies(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in as ${username} failed: ${response.status}`);
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
  if (!cookies.some((c) => c.startsWith('chairside_session='))) throw new Error('no session cookie');
  return cookies.join('; ');
}
