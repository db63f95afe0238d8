/**
 * The Schema.org vocabulary, offline, for tests: read from schema-dts's declaration file (the package generates it
 * from the Schema.org release it names; no network at test time). From it, a checker that a JSON-LD document uses
 * only types and properties that exist, each property on a type that has it, each nested node of a type in the
 * property's range, and enumeration members that exist.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface SchemaVocabulary {
  /** Type name → the base interface its properties come from. */
  leafBase: Map<string, string>;
  /** Base interface → the bases it extends. */
  baseParents: Map<string, string[]>;
  /** Base interface → its own properties → their range type names. */
  baseProperties: Map<string, Map<string, string[]>>;
  /** Type name → the names in its union (its sub-types, and literal members for enumerations). */
  unions: Map<string, string[]>;
}

let cached: SchemaVocabulary | undefined;

export function loadSchemaVocabulary(): SchemaVocabulary {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const text = readFileSync(join(dirname(require.resolve('schema-dts/package.json')), 'dist', 'schema.d.ts'), 'utf8');
  const vocabulary: SchemaVocabulary = {
    leafBase: new Map(),
    baseParents: new Map(),
    baseProperties: new Map(),
    unions: new Map(),
  };
  for (const match of text.matchAll(/^interface (\w+Base) extends ([^{]+)\{([\s\S]*?)^\}/gm)) {
    const [, base, parents, body] = match;
    vocabulary.baseParents.set(
      base!,
      parents!
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p.endsWith('Base')),
    );
    const properties = new Map<string, string[]>();
    for (const property of body!.matchAll(/^\s+"([\w@-]+)"\??: SchemaValue<(.+), "[\w-]+">;$/gm)) {
      properties.set(
        property[1]!,
        property[2]!.split('|').map((t) => t.trim()),
      );
    }
    vocabulary.baseProperties.set(base!, properties);
  }
  for (const match of text.matchAll(/^export interface (\w+)Leaf extends (\w+Base) \{\s*"@type": "(\w+)";/gm)) {
    vocabulary.leafBase.set(match[3]!, match[2]!);
  }
  for (const match of text.matchAll(/^export type (\w+) = (.+);$/gm)) {
    vocabulary.unions.set(
      match[1]!,
      match[2]!.split('|').map((t) => t.trim().replace(/^"(.*)"$/, '$1')),
    );
  }
  cached = vocabulary;
  return vocabulary;
}

function propertiesOf(vocabulary: SchemaVocabulary, type: string): Map<string, string[]> | undefined {
  const base = vocabulary.leafBase.get(type);
  if (!base) return undefined;
  const all = new Map<string, string[]>();
  const visit = (name: string) => {
    for (const [property, range] of vocabulary.baseProperties.get(name) ?? [])
      if (!all.has(property)) all.set(property, range);
    for (const parent of vocabulary.baseParents.get(name) ?? []) visit(parent);
  };
  visit(base);
  return all;
}

/** Whether `type` is `range` or one of its sub-types (through the unions schema-dts writes for each type). */
function isA(vocabulary: SchemaVocabulary, type: string, range: string, seen = new Set<string>()): boolean {
  if (type === range) return true;
  if (seen.has(range)) return false;
  seen.add(range);
  return (vocabulary.unions.get(range) ?? []).some(
    (member) => member !== `${range}Leaf` && isA(vocabulary, type, member, seen),
  );
}

/** Whether `literal` is a member of an enumeration in the range (`https://schema.org/…DigitalSource`). */
function isMember(vocabulary: SchemaVocabulary, literal: string, range: string[]): boolean {
  return range.some((type) => (vocabulary.unions.get(type) ?? []).includes(literal));
}

const KEYWORDS = new Set(['@context', '@type', '@id', '@reverse']);

/** Every problem the document has against the vocabulary (an empty list: it validates). */
export function schemaProblems(document: Record<string, unknown>): string[] {
  const vocabulary = loadSchemaVocabulary();
  const problems: string[] = [];
  const checkNode = (node: Record<string, unknown>, path: string, ranges?: string[]) => {
    const type = node['@type'];
    if (typeof type !== 'string') {
      if (!('@id' in node)) problems.push(`${path}: a node without @type or @id`);
      return;
    }
    const properties = propertiesOf(vocabulary, type);
    if (!properties) {
      problems.push(`${path}: type ${type} does not exist`);
      return;
    }
    if (ranges && !ranges.some((range) => isA(vocabulary, type, range))) {
      problems.push(`${path}: a ${type} is not in the range ${ranges.join(' | ')}`);
    }
    for (const [property, value] of Object.entries(node)) {
      if (KEYWORDS.has(property)) continue;
      const range = properties.get(property);
      if (!range) {
        problems.push(`${path}.${property}: ${type} has no property ${property}`);
        continue;
      }
      for (const [index, item] of (Array.isArray(value) ? value : [value]).entries()) {
        const at = Array.isArray(value) ? `${path}.${property}[${index}]` : `${path}.${property}`;
        if (typeof item === 'object' && item !== null) checkNode(item as Record<string, unknown>, at, range);
        else if (typeof item === 'string' && item.startsWith('https://schema.org/')) {
          if (!isMember(vocabulary, item, range))
            problems.push(`${at}: ${item} is not a member of ${range.join(' | ')}`);
        }
      }
    }
    const reverse = node['@reverse'];
    if (typeof reverse === 'object' && reverse !== null) {
      for (const [property, value] of Object.entries(reverse)) {
        const subject = value as Record<string, unknown>;
        const subjectType = String(subject['@type']);
        const range = propertiesOf(vocabulary, subjectType)?.get(property);
        if (!range) problems.push(`${path}.@reverse.${property}: ${subjectType} has no property ${property}`);
        else if (!range.some((r) => isA(vocabulary, type, r))) {
          problems.push(`${path}.@reverse.${property}: a ${type} is not in the range of ${subjectType}.${property}`);
        }
        checkNode(subject, `${path}.@reverse.${property}`);
      }
    }
  };
  if (document['@context'] !== 'https://schema.org') problems.push('@context is not https://schema.org');
  checkNode(document, '$');
  return problems;
}
