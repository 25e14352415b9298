// The add-task form as a browser without JavaScript submits it: a multipart POST of the form's
// hidden fields (Next's server-action references) plus the task name. A url-encoded POST would
// answer 200 without running the action, so the fields are read from the rendered page.

const decode = (value: string) =>
  value.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decode(match[1]!) : undefined;
}

/** Hidden inputs of the form labelled `formLabel` in `html`. */
export function hiddenFields(html: string, formLabel: string): [string, string][] {
  const start = html.search(new RegExp(`<form[^>]*aria-label="${formLabel}"`));
  if (start < 0) throw new Error(`no form labelled "${formLabel}" on the page`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: [string, string][] = [];
  for (const tag of form.match(/<input[^>]*>/g) ?? []) {
    if (attribute(tag, 'type') !== 'hidden') continue;
    const name = attribute(tag, 'name');
    if (name) fields.push([name, attribute(tag, 'value') ?? '']);
  }
  if (!fields.some(([name]) => name.startsWith('$ACTION'))) throw new Error(`the "${formLabel}" form has no server-action fields`);
  return fields;
}

export function multipart(fields: [string, string][]): { body: Buffer; contentType: string } {
  const boundary = `----bench${Date.now().toString(16)}`;
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return { body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` };
}
