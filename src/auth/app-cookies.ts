import 'server-only';
import { cookies, headers } from 'next/headers';

export async function appCookie(base: 'task_intent' | 'task_draft'): Promise<{ name: string; secure: boolean }> {
  const proto = (await headers()).get('x-forwarded-proto')?.split(',')[0]?.trim();
  const secure = proto === 'https';
  return { name: secure ? `__Host-${base}` : base, secure };
}

export const APP_COOKIE_NAMES = ['task_intent', 'task_draft'].flatMap((base) => [base, `__Host-${base}`]);

export async function setAppCookie(base: 'task_intent' | 'task_draft', value: string, maxAge: number): Promise<void> {
  const { name, secure } = await appCookie(base);
  (await cookies()).set(name, value, { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge });
}

/** Reads and clears one of those cookies (a `__Host-` cookie is only cleared with `Secure` set). */
export async function takeAppCookie(base: 'task_intent' | 'task_draft'): Promise<string | undefined> {
  const { name, secure } = await appCookie(base);
  const store = await cookies();
  const value = store.get(name)?.value;
  if (value !== undefined) store.set(name, '', { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: 0 });
  return value;
}
