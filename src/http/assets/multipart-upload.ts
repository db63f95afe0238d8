/**
 * Reading a multipart upload as a stream: exactly one part named "file", staged as it arrives (the caller decides
 * how, and may refuse before any byte is read), and form fields each given once. Shared by the upload of a new asset
 * and of a new version; whatever goes wrong, a staged file is discarded.
 */
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { validationFailed } from '../../domain/errors.ts';
import type { StagedBlob } from '../../domain/ports.ts';
import { unsupportedContentType } from '../errors.ts';

export interface ReceivedUpload {
  staged: StagedBlob;
  fileName: string;
  fields: Record<string, unknown>;
}

export async function receiveUpload(
  request: FastifyRequest,
  stage: (file: Readable) => Promise<StagedBlob>,
  discard: (staged: StagedBlob) => Promise<void>,
  /** Form fields the upload takes; any other is refused as it arrives (default: every field, checked later). */
  fieldAllowed: (name: string) => boolean = () => true,
): Promise<ReceivedUpload> {
  if (!request.isMultipart()) throw unsupportedContentType(request);
  const fields: Record<string, unknown> = {};
  let staged: StagedBlob | undefined;
  let fileName = '';
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || staged) {
          part.file.resume();
          throw validationFailed([
            { field: part.fieldname, problem: 'send exactly one file, in the part named "file"' },
          ]);
        }
        fileName = part.filename;
        staged = await stage(part.file);
      } else if (!fieldAllowed(part.fieldname)) {
        throw validationFailed([{ field: part.fieldname, problem: 'unknown field: this upload takes only its file' }]);
      } else if (part.fieldname in fields) {
        throw validationFailed([{ field: part.fieldname, problem: 'given more than once' }]);
      } else {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    if (staged) await discard(staged);
    throw error;
  }
  if (!staged) throw validationFailed([{ field: 'file', problem: 'required: a part named "file" holding the file' }]);
  return { staged, fileName, fields };
}
