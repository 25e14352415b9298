import { z } from 'zod';
import { TASK_FILTERS, type TaskFilter } from '@/supabase/database';

// Which list a page shows and where in it.

export const SHOWS = TASK_FILTERS;
export type Show = TaskFilter;

export interface ListView {
  path: string;
  show: Show;
  /** Encoded page cursors (src/tasks/page-cursor.ts), as they appear in the URL. */
  older?: string;
  newer?: string;
}

export const ROOT_VIEW: ListView = { path: '/', show: 'all' };

const LIST_PATH = /^\/(?:orgs\/[A-Za-z0-9][A-Za-z0-9_-]{0,99})?$/;
const CURSOR = /^[A-Za-z0-9_-]{1,300}$/;

export const isShow = (value: unknown): value is Show => SHOWS.includes(value as Show);

/** The URL of a view: the path plus only the parameters that differ from the defaults. */
export function listHref(view: ListView, params: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  if (view.show !== 'all') query.set('show', view.show);
  if (view.older) query.set('older', view.older);
  else if (view.newer) query.set('newer', view.newer);
  for (const [key, value] of Object.entries(params)) query.set(key, value);
  const search = query.toString();
  return search ? `${view.path}?${search}` : view.path;
}

/** The view a list page's URL names; anything unknown falls back to the defaults. */
export function viewOf(path: string, params: Record<string, string | string[] | undefined>): ListView {
  const one = (key: string) => (typeof params[key] === 'string' ? (params[key] as string) : undefined);
  const show = one('show');
  const older = one('older');
  const newer = one('newer');
  return {
    path: LIST_PATH.test(path) ? path : '/',
    show: isShow(show) ? show : 'all',
    ...(older && CURSOR.test(older) ? { older } : newer && CURSOR.test(newer) ? { newer } : {}),
  };
}

/** A `back` field from a form, read as a list view of this app (so never an open redirect). */
export function parseBack(raw: string | undefined): ListView {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return ROOT_VIEW;
  let url: URL;
  try {
    url = new URL(raw, 'http://app.invalid');
  } catch {
    return ROOT_VIEW;
  }
  if (url.origin !== 'http://app.invalid' || !LIST_PATH.test(url.pathname)) return ROOT_VIEW;
  return viewOf(url.pathname, Object.fromEntries(url.searchParams));
}

/** The `back` form field: optional text, read as a list view. */
export const backField = z
  .string()
  .optional()
  .transform((raw) => parseBack(raw && raw.length <= 1000 ? raw : undefined));

/** The no-JavaScript rename page of a task, returning to the list URL `back`. */
export function editHref(id: number, back: string): string {
  // An organization's task is renamed under its organization's path, so that page load keeps it active.
  const list = parseBack(back).path;
  const page = list === '/' ? `/tasks/${id}/edit` : `${list}/tasks/${id}/edit`;
  return back === list ? page : `${page}?back=${encodeURIComponent(back)}`;
}

/** Where a page sends the browser to make its list the session's active one again (src/app/auth/switch). */
export const listSwitchHref = (href: string) => `/auth/switch?to=${encodeURIComponent(href)}`;
