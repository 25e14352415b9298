// Reading the server-rendered HTML the way a browser without JavaScript does: the forms (with the
// hidden server-action fields Next renders), the task list, and the messages a form shows; and
// posting a form back as such a browser does (multipart: a url-encoded POST does not run the action).
import { randomUUID } from 'node:crypto';

/** A form field: text, raw bytes, or a file upload. */
export type Field = [name: string, value: string | Buffer | { file: string; content: string }];

export interface HtmlForm {
  label?: string;
  id?: string;
  /** Hidden inputs in page order: the `$ACTION_*` fields plus the form's own (id, done). */
  hidden: [string, string][];
  buttons: string[];
}

export interface RenderedTask {
  id: number;
  name: string;
  done: boolean;
}

const decode = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&amp;/g, '&');

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decode(match[1]!) : undefined;
}

export function parseForms(html: string): HtmlForm[] {
  return (html.match(/<form[\s\S]*?<\/form>/g) ?? []).map((form) => {
    const open = /<form[^>]*>/.exec(form)?.[0] ?? '';
    const hidden: [string, string][] = [];
    for (const tag of form.match(/<input[^>]*>/g) ?? []) {
      const name = attribute(tag, 'name');
      if (attribute(tag, 'type') === 'hidden' && name) hidden.push([name, attribute(tag, 'value') ?? '']);
    }
    const buttons = [...form.matchAll(/<button[^>]*>([\s\S]*?)<\/button>/g)].map((m) =>
      decode(m[1]!.replace(/<[^>]+>/g, '')).trim(),
    );
    return { label: attribute(open, 'aria-label'), id: attribute(open, 'id'), hidden, buttons };
  });
}

/**
 * The form a button outside it submits (`<button form="…">`, as each task row's are): the form's fields
 * plus the button's own name and value, as a browser sends them.
 */
function submittedBy(html: string, forms: HtmlForm[], by: { button?: string; taskId?: number }): HtmlForm | undefined {
  for (const [, tag, content] of html.matchAll(/<button([^>]*)>([\s\S]*?)<\/button>/g)) {
    const owner = forms.find((form) => form.id !== undefined && form.id === attribute(tag!, 'form'));
    const text = decode(content!.replace(/<[^>]+>/g, '')).trim();
    const name = attribute(tag!, 'name');
    const value = attribute(tag!, 'value') ?? '';
    if (!owner || (by.button !== undefined && text !== by.button)) continue;
    if (by.taskId !== undefined && !(name === 'id' && value === String(by.taskId))) continue;
    return { ...owner, hidden: name ? [...owner.hidden, [name, value]] : owner.hidden, buttons: [text] };
  }
  return undefined;
}

/** The form labelled `label` (Add a task, Rename task) or whose submit button reads `button` (Done, Delete). */
export function findForm(html: string, by: { label?: string; button?: string; taskId?: number }): HtmlForm {
  const forms = parseForms(html);
  const form =
    forms.find(
      (f) =>
        (by.label === undefined || f.label === by.label) &&
        (by.button === undefined || f.buttons.includes(by.button)) &&
        (by.taskId === undefined || f.hidden.some(([name, value]) => name === 'id' && value === String(by.taskId))),
    ) ?? (by.label === undefined ? submittedBy(html, forms, by) : undefined);
  if (!form) throw new Error(`no form matching ${JSON.stringify(by)} on the page`);
  return form;
}

/** Only the `$ACTION_*` fields: what identifies the action and its React state, without the form's own inputs. */
export const actionFields = (form: HtmlForm): [string, string][] =>
  form.hidden.filter(([name]) => name.startsWith('$ACTION'));

/** The task list as rendered (src/ui/task-item.tsx). */
export function renderedTasks(html: string): RenderedTask[] {
  return [
    ...html.matchAll(
      /<span id="task-(\d+)-name" class="task-name( done)?">([\s\S]*?(?:<span class="visually-hidden">[\s\S]*?<\/span>)?)<\/span>/g,
    ),
  ].map((m) => ({
    id: Number(m[1]),
    done: Boolean(m[2]),
    name: decode(m[3]!.replace(/<span class="visually-hidden">[\s\S]*?<\/span>/, '').replace(/<!-- -->/g, '')),
  }));
}

export interface PageMessages {
  status?: string;
  alerts: string[];
  fieldErrors: string[];
}

const textOf = (inner: string) => decode(inner.replace(/<!-- -->/g, '').replace(/<[^>]+>/g, '')).trim();

export function pageMessages(html: string): PageMessages {
  const status = [...html.matchAll(/<p class="status" role="status"[^>]*>([\s\S]*?)<\/p>/g)]
    .map((m) => textOf(m[1]!))
    .find(Boolean);
  const alerts = [...html.matchAll(/<p[^>]*role="alert"[^>]*>([\s\S]*?)<\/p>/g)]
    .map((m) => textOf(m[1]!))
    .filter(Boolean);
  const fieldErrors = [...html.matchAll(/<p id="[^"]*-error" class="error"[^>]*>([\s\S]*?)<\/p>/g)]
    .map((m) => textOf(m[1]!))
    .filter(Boolean);
  return { status, alerts, fieldErrors };
}

/** Signs that the page leaked internals: a stack trace, a Node/Next error text, or the generic crash page. */
export function internalsShown(html: string): string | undefined {
  const patterns: [RegExp, string][] = [
    [/\bat [\w.<>]+ \([^)]*:\d+:\d+\)/, 'stack trace'],
    [/node_modules\//, 'node_modules path'],
    [/\b(TypeError|ReferenceError|SyntaxError):/, 'JS error text'],
    [/Something went wrong/, 'generic error page'],
    [/Internal Server Error/i, 'Internal Server Error page'],
    [/PGRST\d{3}|JWSError|permission denied for/, 'PostgREST error text'],
  ];
  return patterns.find(([pattern]) => pattern.test(html))?.[1];
}

export function multipart(fields: Field[]): { body: Buffer; contentType: string } {
  const boundary = `----form${randomUUID().replace(/-/g, '')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of fields) {
    if (typeof value === 'object' && !Buffer.isBuffer(value)) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.file}"\r\nContent-Type: text/plain\r\n\r\n${value.content}\r\n`,
        ),
      );
    } else {
      chunks.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
        Buffer.from(value),
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
