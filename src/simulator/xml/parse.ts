/**
 * A small, strict XML parser for the request bodies the simulator accepts (`<tsRequest>` with a handful of elements
 * and attributes). It is not a general XML processor: no DTDs, no external entities, no processing instructions other
 * than the leading `<?xml ...?>` declaration. What it does accept, it checks: one root element, matching end tags,
 * quoted and unique attributes, known entities only, nothing but whitespace or comments after the root.
 */

export interface XmlElement {
  /** Local name: a namespace prefix (`ts:tsRequest`) is dropped. */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside this element, entities decoded. */
  text: string;
}

export class XmlSyntaxError extends Error {
  override name = 'XmlSyntaxError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at character ${offset})`);
  }
}

const NAME_START = /[A-Za-z_:]/;
const NAME_CHAR = /[A-Za-z0-9_:.\-]/;
/** The deepest nesting a request body may have (XML elements here, JSON objects in request-body.ts). */
export const MAX_DEPTH = 64;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(source: string): XmlElement {
  return new Parser(source).document();
}

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {
    if (this.src.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  document(): XmlElement {
    if (this.src.startsWith('<?xml', this.pos)) {
      const end = this.src.indexOf('?>', this.pos);
      if (end < 0) this.fail('unterminated XML declaration');
      this.pos = end + 2;
    }
    this.misc();
    if (this.src[this.pos] !== '<') this.fail(this.pos >= this.src.length ? 'no root element' : 'text before the root element');
    if (this.src.startsWith('<!DOCTYPE', this.pos)) this.fail('DOCTYPE is not allowed');
    const root = this.element(0);
    this.misc();
    if (this.pos < this.src.length) this.fail('content after the root element');
    return root;
  }

  /** Whitespace and comments. */
  private misc(): void {
    for (;;) {
      this.skipSpace();
      if (this.src.startsWith('<!--', this.pos)) this.comment();
      else return;
    }
  }

  private comment(): void {
    const end = this.src.indexOf('-->', this.pos + 4);
    if (end < 0) this.fail('unterminated comment');
    this.pos = end + 3;
  }

  private element(depth: number): XmlElement {
    if (depth > MAX_DEPTH) this.fail('elements nested too deeply');
    this.expect('<');
    const qname = this.name();
    const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
    for (;;) {
      const hadSpace = this.skipSpace();
      const c = this.src[this.pos];
      if (c === '/') {
        this.pos++;
        this.expect('>');
        return { name: localName(qname), attributes: { ...attributes }, children: [], text: '' };
      }
      if (c === '>') {
        this.pos++;
        break;
      }
      if (c === undefined) this.fail(`unterminated start tag <${qname}>`);
      if (!hadSpace) this.fail(`expected whitespace before an attribute in <${qname}>`);
      const attrStart = this.pos;
      const attr = this.name();
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      const value = this.quoted();
      const key = localName(attr) === attr || attr.startsWith('xmlns:') ? attr : localName(attr);
      if (Object.prototype.hasOwnProperty.call(attributes, key)) {
        this.pos = attrStart;
        this.fail(`duplicate attribute "${attr}" in <${qname}>`);
      }
      attributes[key] = value;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (this.pos >= this.src.length) this.fail(`missing end tag </${qname}>`);
      if (this.src.startsWith('</', this.pos)) {
        this.pos += 2;
        const endName = this.name();
        if (endName !== qname) this.fail(`end tag </${endName}> does not match <${qname}>`);
        this.skipSpace();
        this.expect('>');
        return { name: localName(qname), attributes: { ...attributes }, children, text };
      }
      if (this.src.startsWith('<!--', this.pos)) {
        this.comment();
      } else if (this.src.startsWith('<![CDATA[', this.pos)) {
        const end = this.src.indexOf(']]>', this.pos + 9);
        if (end < 0) this.fail('unterminated CDATA section');
        text += this.src.slice(this.pos + 9, end);
        this.pos = end + 3;
      } else if (this.src.startsWith('<?', this.pos) || this.src.startsWith('<!', this.pos)) {
        this.fail('processing instructions and declarations are not allowed here');
      } else if (this.src[this.pos] === '<') {
        children.push(this.element(depth + 1));
      } else {
        text += this.chars();
      }
    }
  }

  private chars(): string {
    let out = '';
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '<') break;
      if (c === '&') out += this.entity();
      else if (c === '>' && this.src.startsWith(']]>', this.pos - 2)) this.fail('"]]>" is not allowed in text');
      else {
        out += c;
        this.pos++;
      }
    }
    return out;
  }

  private quoted(): string {
    const quote = this.src[this.pos];
    if (quote !== '"' && quote !== "'") this.fail('attribute value must be quoted');
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) this.fail('unterminated attribute value');
      if (c === quote) {
        this.pos++;
        return out;
      }
      if (c === '<') this.fail('"<" is not allowed in an attribute value');
      if (c === '&') out += this.entity();
      else {
        // Attribute-value normalisation: literal whitespace characters become spaces.
        out += c === '\t' || c === '\n' || c === '\r' ? ' ' : c;
        this.pos++;
      }
    }
  }

  private entity(): string {
    const end = this.src.indexOf(';', this.pos);
    if (end < 0 || end - this.pos > 12) this.fail('unterminated entity reference');
    const body = this.src.slice(this.pos + 1, end);
    let out: string | undefined;
    if (body.startsWith('#x') || body.startsWith('#X')) {
      out = codePoint(/^[0-9a-fA-F]+$/.test(body.slice(2)) ? Number.parseInt(body.slice(2), 16) : Number.NaN);
    } else if (body.startsWith('#')) {
      out = codePoint(/^[0-9]+$/.test(body.slice(1)) ? Number.parseInt(body.slice(1), 10) : Number.NaN);
    } else {
      out = Object.prototype.hasOwnProperty.call(ENTITIES, body) ? ENTITIES[body] : undefined;
    }
    if (out === undefined) this.fail('unknown or invalid entity reference');
    this.pos = end + 1;
    return out;
  }

  private name(): string {
    const start = this.pos;
    if (!NAME_START.test(this.src[this.pos] ?? '')) this.fail('expected a name');
    this.pos++;
    while (this.pos < this.src.length && NAME_CHAR.test(this.src[this.pos])) this.pos++;
    return this.src.slice(start, this.pos);
  }

  private skipSpace(): boolean {
    const start = this.pos;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else break;
    }
    return this.pos > start;
  }

  private expect(ch: string): void {
    if (this.src[this.pos] !== ch) this.fail(`expected "${ch}"`);
    this.pos++;
  }

  private fail(message: string): never {
    throw new XmlSyntaxError(message, this.pos);
  }
}

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

function codePoint(n: number): string | undefined {
  if (!Number.isInteger(n) || n <= 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return undefined;
  return String.fromCodePoint(n);
}
