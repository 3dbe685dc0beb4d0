// HTTP errors with a status code and a one-line message, answered as { statusCode, error, message, detail }.
import { STATUS_CODES } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function badRequest(message: string): HttpError {
  return new HttpError(400, message);
}

export function notFound(message: string): HttpError {
  return new HttpError(404, message);
}

/**
 * Every error body: fastify's shape, plus `detail` (the same text) where FastAPI clients, such as the
 * seed's, read the reason.
 */
export function errorBody(statusCode: number, message: string): { statusCode: number; error: string; message: string; detail: string } {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, detail: message };
}
