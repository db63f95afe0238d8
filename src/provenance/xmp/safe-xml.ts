/**
 * A namespace-aware XML reader for XMP packets that is safe on hostile input: any DOCTYPE is refused (so no DTD,
 * no external entity (XXE), no entity expansion (billion laughs)), nesting is cut at provenanceLimits.maxDepth and
 * the element count is capped. saxes itself defines only the five predefined entities and never fetches anything;
 * refusing the DOCTYPE up front makes that independent of the parser's defaults. Parsing stops (keeping what was
 * read) at the depth or element limit; a packet with an absurd number of attributes is refused outright.
 *
 * Well-formedness errors are collected, not thrown: XMP found in the wild is often slightly broken (undefined
 * entities, stray text, two roots after an Extended XMP join), and the properties read so far are still useful.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { provenanceLimits } from '../contract.ts';

export interface XmlAttribute {
  uri: string;
  local: string;
  value: string;
}

export interface XmlElement {
  uri: string;
  local: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
  text: string;
}

export interface XmlDocument {
  /** Top-level elements (normally one; more when a packet was joined or is damaged). */
  roots: XmlElement[];
  problems: string[];
  /** True when parsing was refused (DOCTYPE: nothing kept) or abandoned at a limit (what was read is kept). */
  refused: boolean;
}

const MAX_ELEMENTS = 200_000;
/**
 * Upper bound on attributes in a packet, checked by counting '=' before parsing (an 'attribute' handler in saxes
 * would be exact but triples the parse time of every packet). saxes spends a few microseconds per attribute, so
 * this keeps a hostile 16 MB packet of attributes under a second; real packets have hundreds.
 */
const MAX_EQUALS_SIGNS = 100_000;

const countUpTo = (text: string, char: string, limit: number): number => {
  let count = 0;
  for (let at = text.indexOf(char); at >= 0 && count <= limit; at = text.indexOf(char, at + 1)) count++;
  return count;
};
const MAX_PROBLEMS = 10;

class Refusal extends Error {
  constructor(
    message: string,
    /** Drop what was read so far (a DOCTYPE means nothing in the document can be trusted). */
    readonly discard: boolean,
  ) {
    super(message);
  }
}

const doctypePattern = /<!DOCTYPE|<!ENTITY/iu;

export const parseXmlSafely = (text: string): XmlDocument => {
  const doc: XmlDocument = { roots: [], problems: [], refused: false };
  if (doctypePattern.test(text)) {
    doc.problems.push('XML with a DOCTYPE/ENTITY declaration is refused (no DTDs in XMP)');
    doc.refused = true;
    return doc;
  }
  if (countUpTo(text, '=', MAX_EQUALS_SIGNS) > MAX_EQUALS_SIGNS) {
    doc.problems.push(`XML with more than ${MAX_EQUALS_SIGNS} attributes is refused`);
    doc.refused = true;
    return doc;
  }
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: XmlElement[] = [];
  let elements = 0;

  parser.on('error', (error) => {
    if (doc.problems.length < MAX_PROBLEMS) doc.problems.push(`XML: ${error.message}`);
  });
  parser.on('doctype', () => {
    throw new Refusal('XML with a DOCTYPE declaration is refused', true);
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    // Stop rather than skip: saxes resolves namespaces through a chain as deep as the nesting, so reading on
    // through a deeply nested hostile packet would cost quadratic time. No real XMP nests anywhere near this.
    if (stack.length >= provenanceLimits.maxDepth) {
      throw new Refusal(`XML nested deeper than ${provenanceLimits.maxDepth}; the rest is ignored`, false);
    }
    if (++elements > MAX_ELEMENTS)
      throw new Refusal(`XML has more than ${MAX_ELEMENTS} elements; the rest is ignored`, false);
    const attributes: XmlAttribute[] = [];
    for (const attribute of Object.values(tag.attributes)) {
      attributes.push({ uri: attribute.uri, local: attribute.local, value: attribute.value });
    }
    const element: XmlElement = { uri: tag.uri, local: tag.local, attributes, children: [], text: '' };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else doc.roots.push(element);
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const onText = (text: string): void => {
    const current = stack.at(-1);
    if (current) current.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  try {
    parser.write(text).close();
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    doc.problems.push(error.message);
    doc.refused = true;
    if (error.discard) doc.roots = [];
  }
  return doc;
};
