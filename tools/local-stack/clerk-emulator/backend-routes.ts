// What every Backend API route module shares: the route shape, Clerk's 404, and object params.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from './context.ts';
import { sendErrors } from './http-util.ts';

export type Handler = (
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  params: string[],
  url: URL,
) => Promise<void>;

export interface Route {
  method: string;
  pattern: RegExp;
  name: string;
  handler: Handler;
}

export function notFound(res: ServerResponse, message: string): void {
  sendErrors(res, 404, { code: 'resource_not_found', message: 'not found', long_message: message });
}

/** A JSON object parameter (metadata), or undefined when it is absent or not an object. */
export function objectParam(params: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const value = params[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
