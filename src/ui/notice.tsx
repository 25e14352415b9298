import type { ReactNode } from 'react';

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
