// How a browser user reads a response: did my change happen, was I clearly told it did not, or did
// the app break (5xx, crash page, internals)?
import type { AppResponse } from './app-http.ts';

export type Outcome = 'ack' | 'refused' | 'bad' | 'unknown';

/** The messages the app shows when a service is down; all say nothing was changed. */
const CLEAR_ERROR = /unavailable right now|Nothing was changed|session has expired/;

export function createOutcome(res: AppResponse, name: string): { outcome: Outcome; detail: string } {
  if (res.status >= 500 || res.internals)
    return { outcome: 'bad', detail: `${res.status}${res.internals ? ` ${res.internals}` : ''}` };
  if (res.status === 200 && res.messages.status === `Added “${name}”.`) return { outcome: 'ack', detail: '200 Added' };
  const shown = [...res.messages.alerts, ...res.messages.fieldErrors].find((text) => CLEAR_ERROR.test(text));
  if (shown) return { outcome: 'refused', detail: `${res.status} "${shown}"` };
  return { outcome: 'unknown', detail: `${res.status} ${res.location ?? ''} ${JSON.stringify(res.messages)}` };
}

/** A page load: fine when it shows the list or a clear error; bad on 5xx or internals. */
export function readOutcome(res: AppResponse): { outcome: 'ok' | 'clear-error' | 'bad'; detail: string } {
  if (res.status >= 500 || res.internals)
    return { outcome: 'bad', detail: `${res.status}${res.internals ? ` ${res.internals}` : ''}` };
  const shown = res.messages.alerts.find((text) => CLEAR_ERROR.test(text));
  if (shown) return { outcome: 'clear-error', detail: shown };
  if (res.status === 200 && /<h2[^>]*class="counts"/.test(res.html)) return { outcome: 'ok', detail: '200 list' };
  return { outcome: 'bad', detail: `${res.status} neither the list nor a clear error` };
}
