/**
 * One response model, two wire formats. Handlers build a tree of `TsNode`s; `renderXml` and `renderJson` turn it into
 * Tableau's XML (`<tsResponse>` with attributes) or Tableau's JSON (attributes become string properties, a list
 * container `<projects><project/>...</projects>` becomes `"projects": {"project": [...]}`, element text becomes a plain
 * string, or `value` when the element also has attributes, as in `productVersion`).
 */

export interface TsNode {
  name: string;
  attrs?: Record<string, string | number | boolean | undefined>;
  children?: TsNode[];
  /** Character data (`<restApiVersion>3.22</restApiVersion>`). */
  text?: string;
  /** Set on list containers: the element name of each item. JSON renders the items as an array under that name. */
  itemName?: string;
}

export type Format = 'xml' | 'json';

const TS_NAMESPACE = 'http://tableau.com/api';
const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

export function renderXml(children: TsNode[], apiVersion?: string): string {
  const schema = apiVersion ? ` xsi:schemaLocation="${TS_NAMESPACE} https://help.tableau.com/samples/en-us/rest_api/ts-api_${apiVersion.replace('.', '_')}.xsd"` : '';
  return `<?xml version='1.0' encoding='UTF-8'?><tsResponse xmlns="${TS_NAMESPACE}" xmlns:xsi="${XSI_NAMESPACE}"${schema}>${children
    .map(nodeToXml)
    .join('')}</tsResponse>`;
}

export function renderJson(children: TsNode[]): string {
  const out: Record<string, unknown> = {};
  for (const child of children) out[child.name] = nodeToJson(child);
  return JSON.stringify(out);
}

function nodeToXml(node: TsNode): string {
  let out = `<${node.name}`;
  for (const [key, value] of Object.entries(node.attrs ?? {})) {
    if (value !== undefined) out += ` ${key}="${escapeXml(String(value))}"`;
  }
  const inner = (node.text === undefined ? '' : escapeXml(node.text)) + (node.children ?? []).map(nodeToXml).join('');
  return inner === '' ? `${out}/>` : `${out}>${inner}</${node.name}>`;
}

function nodeToJson(node: TsNode): unknown {
  if (node.itemName !== undefined) {
    return { [node.itemName]: (node.children ?? []).map(nodeToJson) };
  }
  const attrs = Object.entries(node.attrs ?? {}).filter(([, v]) => v !== undefined);
  const children = node.children ?? [];
  if (node.text !== undefined && attrs.length === 0 && children.length === 0) return node.text;
  const out: Record<string, unknown> = {};
  for (const [key, value] of attrs) out[key] = String(value);
  if (node.text !== undefined) out.value = node.text;
  for (const child of children) out[child.name] = nodeToJson(child);
  return out;
}

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' } as const)[c as '&']};`);
}

export function renderError(format: Format, code: string, summary: string, detail: string, apiVersion?: string): string {
  const error: TsNode = {
    name: 'error',
    attrs: { code },
    children: [
      { name: 'summary', text: summary },
      { name: 'detail', text: detail },
    ],
  };
  if (format === 'json') return JSON.stringify({ error: { code, summary, detail } });
  return renderXml([error], apiVersion);
}
