/**
 * The Schema.org JSON-LD of an export (the sidecar and the API's document): an ImageObject, or a MediaObject for
 * anything else, with the rights as Google reads them (license = the web statement of rights, acquireLicensePage =
 * the licensor's page, creditText, copyrightNotice), the digital source type, and the AI system as the instrument of
 * the CreateAction whose result the file is. Pure: the same request gives the same document.
 *
 * Typed with schema-dts (the Schema.org vocabulary as TypeScript types), so a type or property that does not exist
 * does not compile; json-ld.test.ts checks the built documents against the vocabulary at run time too.
 */
import type {
  CreateAction,
  CreativeWork,
  IPTCDigitalSourceEnumeration,
  IdReference,
  ImageObject,
  MediaObject,
  Person,
  QuantitativeValue,
  WithContext,
} from 'schema-dts';
import type { ExportRequest } from '../../domain/export.ts';
import { dstForInvolvement, dstInfo, normaliseDst } from '../digital-source-type.ts';

/** What the JSON-LD says about the file itself, when it has been made (absent: the document names the original). */
export interface JsonLdFileFacts {
  mediaType: string;
  width?: number;
  height?: number;
}

export type JsonLdRequest = Omit<ExportRequest, 'source'>;

/** UN/CEFACT common code for a pixel, the unit Schema.org's QuantitativeValue names by unitCode. */
const PIXEL = 'E37';
/** Free text is bounded here as in the XMP: a document never grows with a hostile prompt or title. */
const MAX_TEXT = 2_000;

const bounded = (text: string | undefined): string | undefined => {
  if (text === undefined) return undefined;
  // A lone surrogate cannot be encoded as UTF-8: it becomes U+FFFD, as in the XMP.
  const trimmed = text
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .trim();
  if (trimmed === '') return undefined;
  const characters = [...trimmed];
  return characters.length <= MAX_TEXT ? trimmed : `${characters.slice(0, MAX_TEXT - 1).join('')}…`;
};

const isHttpUrl = (text: string | undefined): text is string => {
  if (text === undefined) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

const pixels = (value: number | undefined): QuantitativeValue | undefined =>
  value === undefined ? undefined : { '@type': 'QuantitativeValue', value, unitCode: PIXEL };

/**
 * Schema.org's member of IPTCDigitalSourceEnumeration for the record's IPTC code (`https://schema.org/
 * TrainedAlgorithmicMediaDigitalSource` for trainedAlgorithmicMedia): the vocabulary's own value for the property,
 * which Schema.org defines as that IPTC code. A code Schema.org has no member for is named by its IPTC URI.
 */
export function schemaOrgDigitalSourceType(
  request: Pick<JsonLdRequest, 'provenance'>,
): IPTCDigitalSourceEnumeration | IdReference | undefined {
  const uri = normaliseDst(request.provenance.digitalSourceType) ?? dstForInvolvement(request.provenance.aiInvolvement);
  if (uri === undefined) return undefined;
  const member = dstInfo(uri)?.schemaOrg;
  // The member names come from the vocabulary table in digital-source-type.ts; json-ld.test.ts checks each exists.
  return member ? (`https://schema.org/${member}` as IPTCDigitalSourceEnumeration) : { '@id': uri };
}

/** The CreateAction that made the original: the AI system as its instrument, the prompt's writer as its agent. */
function creation(request: JsonLdRequest): CreateAction | undefined {
  const { generator, prompt, iptc } = request.provenance;
  const system = bounded(iptc?.aiSystemUsed ?? generator?.system ?? generator?.model);
  const version = bounded(iptc?.aiSystemVersionUsed ?? generator?.version);
  const writer = bounded(iptc?.aiPromptWriterName ?? prompt?.writer);
  if (system === undefined && writer === undefined) return undefined;
  return {
    '@type': 'CreateAction',
    ...(system !== undefined
      ? {
          instrument: {
            '@type': 'SoftwareApplication',
            name: system,
            ...(version !== undefined ? { softwareVersion: version } : {}),
            ...(generator?.provider
              ? { provider: { '@type': 'Organization', name: bounded(generator.provider)! } }
              : {}),
          },
        }
      : {}),
    ...(writer !== undefined ? { agent: { '@type': 'Person', name: writer } } : {}),
  };
}

/** The license: the licence's URL, else the web statement of rights, else the licence's name as a CreativeWork. */
function license(request: JsonLdRequest): string | CreativeWork | undefined {
  const { licenceUrl, webStatement, licence } = request.rights;
  if (isHttpUrl(licenceUrl)) return licenceUrl;
  if (isHttpUrl(webStatement)) return webStatement;
  const name = bounded(licence ?? request.provenance.rights?.license);
  return name === undefined ? undefined : { '@type': 'CreativeWork', name };
}

/**
 * The document. `file` describes the exported file (format and size); without it the document describes the
 * original as the preset would deliver it, without a size.
 */
export function buildJsonLd(request: JsonLdRequest, file?: JsonLdFileFacts): Record<string, unknown> {
  const mediaType = file?.mediaType ?? request.mediaType;
  const rights = request.rights;
  const creators = (rights.creators ?? request.provenance.iptc?.creator ?? [])
    .map((name) => bounded(name))
    .filter((name): name is string => name !== undefined)
    .slice(0, 50)
    .map((name): Person => ({ '@type': 'Person', name }));
  const acquireLicensePage = rights.acquireLicensePage ?? request.provenance.rights?.acquireLicensePage;
  const action = creation(request);
  const common = {
    name: bounded(request.title) ?? bounded(request.fileName),
    ...(bounded(request.description) !== undefined ? { description: bounded(request.description) } : {}),
    ...(isHttpUrl(request.contentUrl) ? { contentUrl: request.contentUrl } : {}),
    encodingFormat: mediaType,
    ...(file?.width !== undefined ? { width: pixels(file.width) } : {}),
    ...(file?.height !== undefined ? { height: pixels(file.height) } : {}),
    ...(schemaOrgDigitalSourceType(request) !== undefined
      ? { digitalSourceType: schemaOrgDigitalSourceType(request) }
      : {}),
    ...(license(request) !== undefined ? { license: license(request) } : {}),
    ...(isHttpUrl(acquireLicensePage) ? { acquireLicensePage } : {}),
    ...(bounded(rights.creditLine) !== undefined ? { creditText: bounded(rights.creditLine) } : {}),
    ...(bounded(rights.copyrightNotice) !== undefined ? { copyrightNotice: bounded(rights.copyrightNotice) } : {}),
    ...(creators.length > 0 ? { creator: creators } : {}),
    ...(request.createdAt !== undefined ? { dateCreated: request.createdAt } : {}),
    identifier: {
      '@type': 'PropertyValue',
      propertyID: 'provena:asset',
      value: request.assetId,
    },
    version: request.version,
  } as const;
  const document: WithContext<ImageObject> | WithContext<MediaObject> = mediaType.startsWith('image/')
    ? { '@context': 'https://schema.org', '@type': 'ImageObject', ...common }
    : { '@context': 'https://schema.org', '@type': 'MediaObject', ...common };
  // The file is the result of the action that made it: said from the file's side with JSON-LD's @reverse, so that
  // the document stays one ImageObject at its root.
  return action === undefined ? { ...document } : { ...document, '@reverse': { result: action } };
}
