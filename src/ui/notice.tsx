import type { ReactNode } from 'react';
import type { PageNotice } from '@/messages/notices';

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

export const PageNoticeBanner = ({ notice }: { notice?: PageNotice }) =>
  notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null;
