/**
 * The IPTC / XMP fields Provena keeps (IPTC 2025.1 AI fields, creator, credit and rights) from one or more XMP packets.
 * Values are verbatim except the Digital Source Type, which is normalised (the verbatim string is kept in
 * digitalSourceTypeRaw).
 */
import type { IptcXmpFields } from '../contract.ts';
import { normaliseDst } from '../digital-source-type.ts';
import { key, ns } from './namespaces.ts';
import { readProperties, type XmpProperties, type XmpValue } from './rdf-model.ts';
import { parseXmlSafely } from './safe-xml.ts';

/** The single text of a value: Lang Alt prefers x-default, other arrays give their first item. */
export const textOf = (value: XmpValue | undefined): string | undefined => {
  if (!value) return undefined;
  switch (value.kind) {
    case 'text':
      return value.value;
    case 'array': {
      const preferred =
        value.form === 'Alt'
          ? value.items.find((item) => item.kind === 'text' && item.lang === 'x-default')
          : undefined;
      for (const item of preferred ? [preferred] : value.items) {
        const text = textOf(item);
        if (text !== undefined) return text;
      }
      return undefined;
    }
    case 'struct':
      return textOf(value.fields.get(key(ns.rdf, 'value')));
  }
};

export const listOf = (value: XmpValue | undefined): string[] | undefined => {
  if (!value) return undefined;
  if (value.kind === 'array') {
    const texts = value.items.map(textOf).filter((t): t is string => t !== undefined);
    return texts.length > 0 ? texts : undefined;
  }
  const text = textOf(value);
  return text === undefined ? undefined : [text];
};

/** A field of the first struct (in array order) that has it, e.g. plus:Licensor[n]/plus:LicensorURL. */
const structField = (value: XmpValue | undefined, fieldKey: string): string | undefined => {
  if (!value) return undefined;
  const structs = value.kind === 'array' ? value.items : [value];
  for (const item of structs) {
    if (item.kind !== 'struct') continue;
    const text = textOf(item.fields.get(fieldKey));
    if (text !== undefined && text !== '') return text;
  }
  return undefined;
};

const parsePacket = (packet: string, warnings: string[]): XmpProperties => {
  const doc = parseXmlSafely(packet);
  for (const problem of doc.problems) warnings.push(`xmp: ${problem}`);
  return readProperties(doc.roots);
};

const fieldsFrom = (properties: XmpProperties, warnings: string[]): IptcXmpFields => {
  const get = (uri: string, local: string): XmpValue | undefined => properties.get(key(uri, local));
  const text = (uri: string, local: string): string | undefined => {
    const value = textOf(get(uri, local));
    return value === '' ? undefined : value;
  };
  const fields: IptcXmpFields = { warnings };
  const set = <K extends Exclude<keyof IptcXmpFields, 'warnings'>>(k: K, value: IptcXmpFields[K] | undefined): void => {
    if (value !== undefined) fields[k] = value;
  };

  const dstRaw = text(ns.iptcExt, 'DigitalSourceType');
  if (dstRaw !== undefined) {
    fields.digitalSourceTypeRaw = dstRaw;
    const normalised = normaliseDst(dstRaw);
    if (normalised) fields.digitalSourceType = normalised;
    else warnings.push(`xmp: DigitalSourceType '${dstRaw.slice(0, 200)}' is not a digital source type URI`);
  }
  set('aiSystemUsed', text(ns.iptcExt, 'AISystemUsed'));
  set('aiSystemVersionUsed', text(ns.iptcExt, 'AISystemVersionUsed'));
  set('aiPromptInformation', text(ns.iptcExt, 'AIPromptInformation'));
  set('aiPromptWriterName', text(ns.iptcExt, 'AIPromptWriterName'));
  set('creator', listOf(get(ns.dc, 'creator')));
  set('creditLine', text(ns.photoshop, 'Credit'));
  set('copyrightNotice', text(ns.dc, 'rights'));
  set('webStatement', text(ns.xmpRights, 'WebStatement'));
  set('licensorUrl', structField(get(ns.plus, 'Licensor'), key(ns.plus, 'LicensorURL')));
  set('digImageGuid', text(ns.iptcExt, 'DigImageGUID'));
  set('description', text(ns.dc, 'description'));
  set('title', text(ns.dc, 'title'));
  set('createDate', text(ns.xmp, 'CreateDate'));
  set('creatorTool', text(ns.xmp, 'CreatorTool'));
  set('provenanceUrl', text(ns.dcterms, 'provenance'));
  return fields;
};

/** Fields of one XMP packet. Never throws; problems are in `warnings`. */
export const parseXmp = (packet: string): IptcXmpFields => parseXmpPackets([packet]);

/** Fields of several packets (file order); for each property the first packet that has it wins. */
export const parseXmpPackets = (packets: readonly string[]): IptcXmpFields => {
  const warnings: string[] = [];
  return fieldsFrom(readXmpProperties(packets, warnings), warnings);
};

/** All properties of the packets, merged first-wins: for callers that need properties beyond IptcXmpFields. */
export const readXmpProperties = (packets: readonly string[], warnings: string[] = []): XmpProperties => {
  const merged: XmpProperties = new Map();
  for (const packet of packets) {
    for (const [name, value] of parsePacket(packet, warnings)) if (!merged.has(name)) merged.set(name, value);
  }
  return merged;
};
