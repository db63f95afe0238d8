/**
 * The XMP data model (XMP Specification Part 1 §7, RDF/XML serialisation) read from an XML tree: simple values,
 * arrays (rdf:Alt / rdf:Seq / rdf:Bag) and structs, in every serialisation XMP allows: property elements,
 * attribute shorthand on rdf:Description, `rdf:resource`, `rdf:parseType="Resource"`, nested rdf:Description,
 * and qualified values (`rdf:value`). Property keys are namespace URI + local name.
 */
import { provenanceLimits } from '../contract.ts';
import { key, ns } from './namespaces.ts';
import type { XmlElement } from './safe-xml.ts';

export type XmpValue =
  | { kind: 'text'; value: string; lang?: string }
  | { kind: 'array'; form: 'Alt' | 'Seq' | 'Bag'; items: XmpValue[] }
  | { kind: 'struct'; fields: Map<string, XmpValue> };

export type XmpProperties = Map<string, XmpValue>;

const isRdf = (el: { uri: string; local: string }, local: string): boolean => el.uri === ns.rdf && el.local === local;

const rdfAttribute = (el: XmlElement, local: string): string | undefined =>
  el.attributes.find((a) => a.uri === ns.rdf && a.local === local)?.value;

const langOf = (el: XmlElement, inherited?: string): string | undefined =>
  el.attributes.find((a) => a.uri === ns.xml && a.local === 'lang')?.value ?? inherited;

/** Attributes that are XMP properties: qualified, and not rdf:*, xml:* or namespace declarations. */
const propertyAttributes = (el: XmlElement): XmlElement['attributes'] =>
  el.attributes.filter((a) => a.uri !== '' && a.uri !== ns.rdf && a.uri !== ns.xml && a.uri !== ns.xmlns);

const addFirst = (target: Map<string, XmpValue>, name: string, value: XmpValue): void => {
  if (!target.has(name)) target.set(name, value);
};

/** Properties of a node element (rdf:Description or a typed node): attribute shorthand plus property elements. */
const readNode = (node: XmlElement, target: Map<string, XmpValue>, depth: number): void => {
  for (const a of propertyAttributes(node)) addFirst(target, key(a.uri, a.local), { kind: 'text', value: a.value });
  for (const child of node.children) {
    if (child.uri === ns.rdf) {
      // rdf:value is the main value of a qualified property; keep it under its RDF name.
      if (child.local === 'value') addFirst(target, key(ns.rdf, 'value'), readProperty(child, depth + 1));
      continue;
    }
    addFirst(target, key(child.uri, child.local), readProperty(child, depth + 1));
  }
};

const readStruct = (el: XmlElement, depth: number): XmpValue => {
  const fields = new Map<string, XmpValue>();
  readNode(el, fields, depth);
  return { kind: 'struct', fields };
};

/** The value of a property element. */
export const readProperty = (el: XmlElement, depth: number, inheritedLang?: string): XmpValue => {
  const lang = langOf(el, inheritedLang);
  if (depth > provenanceLimits.maxDepth) return { kind: 'text', value: '' };
  const resource = rdfAttribute(el, 'resource');
  if (resource !== undefined) return { kind: 'text', value: resource, ...(lang ? { lang } : {}) };
  const parseType = rdfAttribute(el, 'parseType');
  if (parseType === 'Resource') return readStruct(el, depth);
  if (parseType === 'Literal') return { kind: 'text', value: el.text, ...(lang ? { lang } : {}) };

  const first = el.children[0];
  if (first) {
    if (isRdf(first, 'Alt') || isRdf(first, 'Seq') || isRdf(first, 'Bag')) {
      const items: XmpValue[] = [];
      for (const li of first.children) {
        if (isRdf(li, 'li')) items.push(readProperty(li, depth + 1, langOf(first, lang)));
      }
      return { kind: 'array', form: first.local as 'Alt' | 'Seq' | 'Bag', items };
    }
    // A nested node element (rdf:Description or typed node) is a struct; bare child properties are tolerated as one.
    if (isRdf(first, 'Description') || first.uri !== ns.rdf) {
      return readStruct(isRdf(first, 'Description') ? first : el, depth);
    }
  }
  if (propertyAttributes(el).length > 0) return readStruct(el, depth);
  return { kind: 'text', value: el.text, ...(lang ? { lang } : {}) };
};

/** Every rdf:RDF in the tree (an Extended XMP join has two), without descending into one once found. */
const findRdfElements = (roots: readonly XmlElement[]): XmlElement[] => {
  const found: XmlElement[] = [];
  const stack: Array<{ el: XmlElement; depth: number }> = roots.map((el) => ({ el, depth: 0 })).reverse();
  while (stack.length > 0) {
    const { el, depth } = stack.pop()!;
    if (isRdf(el, 'RDF')) found.push(el);
    else if (depth < provenanceLimits.maxDepth) {
      for (let i = el.children.length - 1; i >= 0; i--) stack.push({ el: el.children[i]!, depth: depth + 1 });
    }
  }
  return found; // pre-order with children pushed in reverse: document order
};

/**
 * All top-level properties of a parsed packet. Without any rdf:RDF (a bare rdf:Description fragment, seen in
 * hand-written packets) the top-level rdf:Description elements are read instead.
 */
export const readProperties = (roots: readonly XmlElement[]): XmpProperties => {
  const properties: XmpProperties = new Map();
  const rdfs = findRdfElements(roots);
  const nodes = rdfs.length > 0 ? rdfs.flatMap((rdf) => rdf.children) : roots.filter((r) => isRdf(r, 'Description'));
  for (const node of nodes) readNode(node, properties, 0);
  return properties;
};
