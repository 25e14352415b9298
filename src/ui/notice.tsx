import type { ReactNode } from 'react';
import type { PageNotice } from '@/messages/notices';

/** A page-level message: an alert for failures, a polite status otherwise. */
export function Notice({ tone = 'info', children }: { tone?: 'info' | 'error'; children: ReactNode }) {
  return tone === 'error' ? (
    <p className="notice error" role="alert">
      {children}
    </p>
  ) : (
    <p className="notice" role="status">
      {children}
    </p>
  );
}

/** The notice a page's URL named, if any. */
export const PageNoticeBanner = ({ notice }: { notice?: PageNotice }) =>
  notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null;
