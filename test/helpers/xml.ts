import { SaxesParser } from 'saxes';

export interface XmlNode { name: string; children: XmlNode[]; text: string }

/**
 * An XML document read by a conforming parser (saxes checks well-formedness and XML 1.0's character
 * rules): its element tree with each element's text. Throws on anything a strict XML client would
 * refuse.
 */
export function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser();
  const root: XmlNode = { name: '#document', children: [], text: '' };
  const open: XmlNode[] = [root];
  parser.on('error', (error) => { throw error; });
  parser.on('opentag', (tag) => {
    const node: XmlNode = { name: tag.name, children: [], text: '' };
    open.at(-1)!.children.push(node);
    open.push(node);
  });
  parser.on('text', (text) => { open.at(-1)!.text += text; });
  parser.on('closetag', () => { open.pop(); });
  parser.write(xml).close();
  return root.children[0]!;
}

/** The child elements of a node named so, in order. */
export const childrenNamed = (node: XmlNode, name: string) => node.children.filter((c) => c.name === name);

/** The text of a node's only child element of that name ('' when empty, undefined when absent). */
export const field = (node: XmlNode, name: string) => childrenNamed(node, name)[0]?.text;
