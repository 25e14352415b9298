import { listSwitchHref } from '@/tasks/list-view';

/** Retries by itself, also without JavaScript, once Clerk's 2 s redirect-loop guard has passed. */
export function ListHolding({ href, activeList }: { href: string; activeList?: string }) {
  const retry = listSwitchHref(href);
  return (
    <section className="notice error" role="alert" aria-labelledby="list-holding-text">
      <meta httpEquiv="refresh" content={`3;url=${retry}`} />
      <p id="list-holding-text">
        This browser is still working in another list{activeList ? ` (${activeList})` : ''}, so this list’s tasks are
        not shown. It switches back in a moment.
      </p>
      <p>
        <a className="button" href={retry}>
          Switch to this list now
        </a>
      </p>
    </section>
  );
}
