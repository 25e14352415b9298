import { isMessageCode, mayBeInUrl, MESSAGES, messageText, type MessageCode } from './messages';

export type PageSearchParams = Record<string, string | string[] | undefined>;

export interface PageNotice {
  tone: 'info' | 'error';
  text: string;
}

export const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

const COUNTS = ['n', 'kept'] as const;

export function withNotice(
  path: string,
  code: MessageCode,
  counts: Partial<Record<(typeof COUNTS)[number], number>> = {},
): string {
  const query = new URLSearchParams({ notice: code });
  for (const key of COUNTS) {
    const count = counts[key];
    if (count !== undefined) query.set(key, String(count));
  }
  return `${path}${path.includes('?') ? '&' : '?'}${query}`;
}

/** Only codes a URL may name, with whole-number counts: a crafted link cannot put its own words on the page. */
export function noticeOf(params: PageSearchParams): PageNotice | undefined {
  const code = single(params.notice);
  if (!isMessageCode(code) || !mayBeInUrl(code)) return undefined;
  const { tone, text } = MESSAGES[code];
  const counts: Record<string, number> = {};
  for (const key of COUNTS) {
    if (!text.includes(`{${key}`)) continue;
    const raw = single(params[key]);
    if (!raw || !/^\d{1,6}$/.test(raw)) return undefined;
    counts[key] = Number(raw);
  }
  return { tone, text: messageText(code, counts) };
}
