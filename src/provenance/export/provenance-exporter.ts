/**
 * The ProvenanceExporter port (domain/export.ts): makes the file a preset asks for and carries the provenance as
 * the preset's metadata policy says. The order matters and is fixed here:
 *   1. pixels (render-pixels.ts): box, fit, format, colour space, orientation, watermark — or the original's bytes;
 *   2. the XMP packet (writers/): digital source type, the IPTC 2025.1 AI fields, rights, title, description;
 *   3. C2PA last (c2pa/sign/), because any later byte change breaks its hard binding: bytes unchanged keep the
 *      original's manifest; changed bytes get a new manifest signed with the organisation's credentials, recording
 *      what was done, with the original as its parentOf ingredient;
 *   4. the Schema.org JSON-LD (json-ld.ts) of the file that came out.
 * Everything happens in memory and the result is returned whole, so a failure leaves nothing half-written.
 */
import { validationFailed } from '../../domain/errors.ts';
import type { C2paOutcome, ExportRequest, ExportedFile, ProvenanceExporter } from '../../domain/export.ts';
import { readRawMetadata } from '../containers/index.ts';
import { parentManifestsFromStore } from '../c2pa/sign/parent-manifest.ts';
import { signC2pa, type EditAction, type GeneratorInfo, type ParentIngredient } from '../c2pa/sign/sign-c2pa.ts';
import { embedProvenance, type XmpRightsInput, type XmpWriteFields } from '../writers/index.ts';
import { buildJsonLd, type JsonLdRequest } from './json-ld.ts';
import {
  displayedSize,
  isIdenticalCopy,
  renderPixels,
  type PixelOperations,
  type RenderedMediaType,
} from './render-pixels.ts';
import type { SigningPem } from './signing-config.ts';

export interface ProvenanceExporterOptions {
  /** The organisation's signing credentials (signing-config.ts); absent: changed files carry no C2PA manifest. */
  signing?: SigningPem;
  /** Who writes the manifest (claim_generator_info). */
  claimGenerator: GeneratorInfo;
  /** The largest original decoded (the configured maxPixels). */
  maxPixels: number;
}

const embeddable = new Set(['image/jpeg', 'image/png', 'image/webp']);
const extensionOf: Record<RenderedMediaType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/**
 * Free text written into the file is bounded: a 100 kB prompt must not make a 100 kB metadata block on every
 * thumbnail. The limits are far above any real prompt, title or credit line.
 */
const MAX_LONG_TEXT = 16_000;
const MAX_SHORT_TEXT = 1_000;
/** The C2PA signer's own bound on titles. */
const MAX_MANIFEST_TITLE = 1_000;

function boundText(text: string | undefined, limit: number): string | undefined {
  if (text === undefined) return undefined;
  const characters = [...text];
  return characters.length <= limit ? text : `${characters.slice(0, limit - 1).join('')}…`;
}

function boundFields(fields: XmpWriteFields): XmpWriteFields {
  const bounded: XmpWriteFields = {};
  for (const [key, value] of Object.entries(fields) as Array<[keyof XmpWriteFields, unknown]>) {
    if (value === undefined) continue;
    const long = key === 'aiPromptInformation' || key === 'description' || key === 'usageTerms';
    if (typeof value === 'string') {
      (bounded as Record<string, unknown>)[key] = boundText(value, long ? MAX_LONG_TEXT : MAX_SHORT_TEXT);
    } else if (Array.isArray(value)) {
      (bounded as Record<string, unknown>)[key] = value
        .slice(0, 50)
        .map((item: unknown) => boundText(String(item), MAX_SHORT_TEXT));
    }
  }
  return bounded;
}

/** The rights of the request as the XMP writer takes them (Google's mapping: licence URL = web statement). */
function xmpRights(request: ExportRequest): XmpRightsInput {
  const { rights } = request;
  return {
    ...(rights.creators !== undefined ? { creator: rights.creators } : {}),
    ...(rights.copyrightNotice !== undefined ? { copyrightNotice: rights.copyrightNotice } : {}),
    ...(rights.creditLine !== undefined ? { creditLine: rights.creditLine } : {}),
    ...(rights.webStatement !== undefined || rights.licenceUrl !== undefined
      ? { webStatement: rights.webStatement ?? rights.licenceUrl }
      : {}),
    ...(rights.acquireLicensePage !== undefined ? { licensorUrl: rights.acquireLicensePage } : {}),
    ...(rights.usageTerms !== undefined || rights.licence !== undefined
      ? { usageTerms: rights.usageTerms ?? rights.licence }
      : {}),
  };
}

/** The XMP fields of an export: the record's provenance, the request's rights, its title, description and creation date. */
function xmpExtra(request: ExportRequest): Partial<XmpWriteFields> {
  return {
    ...(request.title !== undefined ? { title: request.title } : {}),
    ...(request.description !== undefined ? { description: request.description } : {}),
    ...(request.createdAt !== undefined ? { createDate: request.createdAt } : {}),
  };
}

/** Writes the XMP packet (only the XMP: the generator's own text chunks stay in the original). */
function writeXmp(bytes: Uint8Array, mediaType: string, request: ExportRequest): Uint8Array {
  // embedProvenance merges the record's fields with the rights and the extra fields; bound them all first.
  const record = request.provenance;
  const embedded = embedProvenance(
    bytes,
    mediaType,
    {
      ...record,
      ...(record.prompt
        ? {
            prompt: {
              ...record.prompt,
              ...(record.prompt.positive !== undefined
                ? { positive: boundText(record.prompt.positive, MAX_LONG_TEXT) }
                : {}),
              ...(record.prompt.negative !== undefined
                ? { negative: boundText(record.prompt.negative, MAX_LONG_TEXT) }
                : {}),
              ...(record.prompt.raw !== undefined ? { raw: boundText(record.prompt.raw, MAX_LONG_TEXT) } : {}),
            },
          }
        : {}),
      ...(record.iptc ? { iptc: boundFields(record.iptc) } : {}),
    },
    {
      toolText: false,
      rights: boundFields(xmpRights(request)),
      xmpExtra: boundFields(xmpExtra(request)),
    },
  );
  return embedded.bytes;
}

/** The C2PA actions for what the pixels went through (C2PA 2.2 standard actions). */
export function editActionsFor(
  operations: PixelOperations,
  from: string,
  to: { mediaType: string; width: number; height: number },
): EditAction[] {
  const actions: EditAction[] = [];
  if (operations.cropped) actions.push({ action: 'c2pa.cropped', description: 'cropped to fill the preset box' });
  if (operations.resized) {
    actions.push({ action: 'c2pa.resized', description: `resized to ${to.width}×${to.height}` });
  }
  if (operations.transcoded) {
    actions.push({ action: 'c2pa.transcoded', description: `encoded as ${to.mediaType} from ${from}` });
  }
  // c2pa.watermarked names an invisible watermark (a soft binding); a visible text is an edit of the pixels.
  if (operations.watermarked) {
    actions.push({ action: 'c2pa.edited', description: 'a visible watermark text was drawn on the image' });
  }
  return actions;
}

/** `image/JPG; charset=…` → `image/jpeg`: the media type as the writers and the signer name it. */
const normaliseMediaType = (mediaType: string): string => {
  const base = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  return base === 'image/jpg' || base === 'image/pjpeg' ? 'image/jpeg' : base;
};

const renamed = (fileName: string, mediaType: RenderedMediaType): string => {
  const base = fileName.replace(/\.[A-Za-z0-9]{1,5}$/, '') || 'export';
  return `${base}.${extensionOf[mediaType]}`;
};

export class SharpProvenanceExporter implements ProvenanceExporter {
  constructor(private readonly options: ProvenanceExporterOptions) {}

  jsonLd(request: JsonLdRequest): Record<string, unknown> {
    return buildJsonLd(request);
  }

  async exportFile(given: ExportRequest): Promise<ExportedFile> {
    const request = { ...given, mediaType: normaliseMediaType(given.mediaType) };
    const { preset } = request;
    const identical = isIdenticalCopy(preset);
    if (preset.metadata === 'keep-original' && !identical) {
      throw validationFailed([
        {
          field: 'preset.metadata',
          problem: `preset "${preset.name}" keeps the original's metadata, which only a byte-identical copy can (format "original", no size, no watermark); use "provenance" or "strip"`,
        },
      ]);
    }
    const warnings: string[] = [];
    const originalHasC2pa = this.hasC2pa(request);

    if (identical && preset.metadata === 'keep-original') {
      return this.copy(request, originalHasC2pa ? 'kept' : 'none', warnings);
    }
    if (identical && preset.metadata === 'provenance') {
      if (!embeddable.has(request.mediaType)) {
        warnings.push(
          `no XMP written: Provena writes it into JPEG, PNG and WebP, not ${request.mediaType}; the JSON-LD carries the provenance`,
        );
        return this.copy(request, originalHasC2pa ? 'kept' : 'none', warnings);
      }
      if (originalHasC2pa && !this.options.signing) {
        warnings.push(
          "no XMP written: it would break the original's C2PA manifest, and no signing credentials are configured to sign a new one",
        );
        return this.copy(request, 'kept', warnings);
      }
      const withXmp = writeXmp(request.source, request.mediaType, request);
      const size = await displayedSize(request.source, this.options.maxPixels);
      return this.finish(request, withXmp, request.mediaType, size, [], warnings);
    }

    // Everything else is re-encoded: a rendition, or a copy whose metadata must go ('strip').
    if (identical && !embeddable.has(request.mediaType)) {
      throw validationFailed([
        {
          field: 'preset.metadata',
          problem: `preset "${preset.name}" strips the metadata, which Provena can only do by re-encoding a JPEG, PNG or WebP image, not ${request.mediaType}; use "keep-original" or "provenance"`,
        },
      ]);
    }
    const rendered = await renderPixels(
      request.source,
      request.mediaType,
      identical ? { ...preset, format: 'original', width: undefined, height: undefined, watermark: undefined } : preset,
      { maxPixels: this.options.maxPixels, forceRender: identical },
    );
    if (rendered.kind === 'identical') return this.copy(request, originalHasC2pa ? 'kept' : 'none', warnings);
    const size = { width: rendered.width, height: rendered.height };
    if (preset.metadata === 'strip') {
      return {
        bytes: rendered.bytes,
        mediaType: rendered.mediaType,
        fileName: renamed(request.fileName, rendered.mediaType),
        ...size,
        c2pa: 'none',
        jsonLd: buildJsonLd(request, { mediaType: rendered.mediaType, ...size }),
        warnings,
      };
    }
    const withXmp = writeXmp(rendered.bytes, rendered.mediaType, request);
    const actions = editActionsFor(rendered.operations, request.mediaType, { mediaType: rendered.mediaType, ...size });
    return this.finish(request, withXmp, rendered.mediaType, size, actions, warnings);
  }

  /** Signs the changed bytes when credentials are configured (last: nothing may change them afterwards). */
  private finish(
    request: ExportRequest,
    bytes: Uint8Array,
    mediaType: string,
    size: { width: number; height: number } | undefined,
    actions: EditAction[],
    warnings: string[],
  ): ExportedFile {
    const signing = this.options.signing;
    const fileName =
      mediaType === request.mediaType ? request.fileName : renamed(request.fileName, mediaType as RenderedMediaType);
    let signed = bytes;
    if (signing) {
      signed = signC2pa(bytes, mediaType, {
        certificateChainPem: signing.certificateChainPem,
        privateKeyPem: signing.privateKeyPem,
        action: 'c2pa.edited',
        editActions: actions.length > 0 ? actions : [{ action: 'c2pa.edited.metadata' }],
        parent: this.parentIngredient(request, warnings),
        softwareAgent: this.options.claimGenerator,
        claimGenerator: this.options.claimGenerator,
        title: boundText(fileName, MAX_MANIFEST_TITLE)!,
      });
    } else {
      warnings.push(
        'no C2PA manifest: no signing credentials are configured (PROVENA_SIGNING_CERT / PROVENA_SIGNING_KEY or PROVENA_SIGNING_PKCS12)',
      );
    }
    return {
      bytes: signed,
      mediaType,
      fileName,
      ...(size ?? {}),
      c2pa: signing ? 'signed' : 'none',
      jsonLd: buildJsonLd(request, { mediaType, ...(size ?? {}) }),
      warnings,
    };
  }

  private async copy(
    request: ExportRequest,
    c2pa: Exclude<C2paOutcome, 'signed'>,
    warnings: string[],
  ): Promise<ExportedFile> {
    const size = request.mediaType.startsWith('image/')
      ? await displayedSize(request.source, this.options.maxPixels)
      : undefined;
    return {
      bytes: request.source,
      mediaType: request.mediaType,
      fileName: request.fileName,
      ...(size ?? {}),
      c2pa,
      jsonLd: buildJsonLd(request, { mediaType: request.mediaType, ...(size ?? {}) }),
      warnings,
    };
  }

  /**
   * The original as the new manifest's parentOf ingredient, its own manifests carried when it has some that
   * validated when it came in (Valid or Trusted). A manifest that did not validate is left behind, with a warning:
   * carried, it would make the new store invalid too.
   */
  private parentIngredient(request: ExportRequest, warnings: string[]): ParentIngredient {
    const parent = { title: boundText(request.fileName, MAX_MANIFEST_TITLE) ?? 'original', format: request.mediaType };
    if (!embeddable.has(request.mediaType)) return parent;
    const store = readRawMetadata(request.source).c2paStore;
    if (store === undefined) return parent;
    const { validationState, statusCodes = [] } = request.provenance.c2pa ?? {};
    const manifests =
      validationState === 'Valid' || validationState === 'Trusted' ? parentManifestsFromStore(store) : undefined;
    if (!manifests) {
      warnings.push(
        `the original's C2PA manifest was not carried into the new one: it ${validationState === undefined ? 'was not validated' : `is ${validationState}`}`,
      );
      return parent;
    }
    return { ...parent, manifests: { ...manifests, validationFailures: statusCodes } };
  }

  /** Whether the original carries a C2PA manifest store: found in its bytes, or known from its provenance record. */
  private hasC2pa(request: ExportRequest): boolean {
    if (embeddable.has(request.mediaType)) return readRawMetadata(request.source).c2paStore !== undefined;
    return request.provenance.c2pa?.embedded === true;
  }
}
