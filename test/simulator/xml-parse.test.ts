/// <reference types="vitest/globals" />
import { parseXml, XmlSyntaxError } from '../../src/simulator/xml/parse.js';

describe('the strict XML parser for request bodies', () => {
  it('reads the tsRequest shapes: declaration, namespaces, attributes, nesting, entities, comments, CDATA', () => {
    const root = parseXml(`\uFEFF<?xml version="1.0" encoding="UTF-8"?>
<!-- sign in -->
<ts:tsRequest xmlns:ts="http://tableau.com/api">
  <credentials personalAccessTokenName='ci &amp; "bot"' personalAccessTokenSecret="a:b&#58;c&#x3A;d&lt;&gt;&apos;">
    <site contentUrl=""/>
    <user id="u1" />
  </credentials>
  <note><![CDATA[<not> & parsed]]> text</note>
</ts:tsRequest>`);
    expect(root.name).toBe('tsRequest');
    const credentials = root.children[0];
    expect(credentials.attributes).toEqual({ personalAccessTokenName: 'ci & "bot"', personalAccessTokenSecret: "a:b:c:d<>'" });
    expect(credentials.children.map((c) => [c.name, c.attributes])).toEqual([
      ['site', { contentUrl: '' }],
      ['user', { id: 'u1' }],
    ]);
    expect(root.children[1].text).toBe('<not> & parsed text');
  });

  it('normalises whitespace characters inside attribute values to spaces', () => {
    expect(parseXml('<a b="x\ty\nz"/>').attributes.b).toBe('x y z');
  });

  it.each([
    ['empty input', ''],
    ['text only', 'hello'],
    ['unclosed element', '<tsRequest><credentials name="a">'],
    ['mismatched end tag', '<tsRequest></tsrequest>'],
    ['unquoted attribute', '<a b=c/>'],
    ['duplicate attribute', '<a b="1" b="2"/>'],
    ['attributes without whitespace', '<a b="1"c="2"/>'],
    ['"<" in an attribute', '<a b="<"/>'],
    ['unknown entity', '<a b="&nbsp;"/>'],
    ['bare ampersand', '<a b="x & y"/>'],
    ['invalid character reference', '<a b="&#0;"/>'],
    ['two roots', '<a/><b/>'],
    ['trailing text', '<a/>junk'],
    ['DOCTYPE (no entity expansion, no XXE)', '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'],
    ['processing instruction in content', '<a><?php echo 1; ?></a>'],
    ['unterminated comment', '<a><!-- x </a>'],
    ['unterminated CDATA', '<a><![CDATA[x</a>'],
    ['unterminated attribute', '<a b="x/>'],
    ['name starting with a digit', '<1a/>'],
  ])('rejects %s with an XmlSyntaxError that gives the position', (_name, source) => {
    expect(() => parseXml(source)).toThrow(XmlSyntaxError);
    try {
      parseXml(source);
    } catch (error) {
      expect((error as XmlSyntaxError).message).toMatch(/\(at character \d+\)$/);
    }
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(() => parseXml('<a>'.repeat(10_000) + '</a>'.repeat(10_000))).toThrow(/nested too deeply/);
  });

  it('never repeats an attribute value (which may be a secret) in its error message', () => {
    try {
      parseXml('<credentials password="fake-secret&oops;"/>');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('fake-secret');
      expect((error as Error).message).not.toContain('oops');
    }
  });
});
