/**
 * Intake's calls: the upload itself with XMLHttpRequest (fetch reports no upload progress) carrying the CSRF header,
 * its answer or refusal as the API's own ApiError, and the intake fields as the API names and checks them.
 */
import { writeHeaders, type paths } from '../../api/client.ts';
import { ApiError, networkError, type ErrorBody } from '../../api/errors.ts';

type UploadForm = NonNullable<paths['/api/v1/assets']['post']['requestBody']>['content']['multipart/form-data'];
export type IntakeFieldName = Exclude<keyof UploadForm, 'file' | 'title'>;
export type IntakeValues = Partial<Record<IntakeFieldName | 'title', string>>;
export type UploadAnswer = paths['/api/v1/assets']['post']['responses']['201']['content']['application/json'];
export type Asset = UploadAnswer['asset'];
export type QuarantineReason = Asset['quarantineReasons'][number];

type IntendedUse = NonNullable<UploadForm['intendedUse']>;
type RightsStatus = NonNullable<UploadForm['rightsStatus']>;
const intendedUses: IntendedUse[] = [
  'internal',
  'web',
  'social',
  'email',
  'print',
  'ooh',
  'advertising',
  'editorial',
  'product',
  'presentation',
  'regulated',
  'other',
];
const rightsStatuses: RightsStatus[] = ['cleared', 'pending', 'restricted', 'expired', 'unknown'];

export interface IntakeFieldSpec {
  name: IntakeFieldName;
  label: string;
  /** Required by intake (model or tool version: either one). */
  required?: boolean;
  options?: readonly string[];
  long?: boolean;
  hint?: string;
}

/** The intake fields in the order the form shows them (the API's names; its problems name the same fields). */
export const intakeFields: readonly IntakeFieldSpec[] = [
  { name: 'prompt', label: 'Prompt', required: true, long: true, hint: 'Filled from the file when it carries one.' },
  { name: 'tool', label: 'Tool', required: true, hint: 'ComfyUI, Midjourney…' },
  { name: 'model', label: 'Model', hint: 'A model or a tool version is required.' },
  { name: 'toolVersion', label: 'Tool version' },
  { name: 'requestor', label: 'Requested by', required: true },
  { name: 'team', label: 'Team', required: true },
  { name: 'campaign', label: 'Campaign', required: true },
  { name: 'intendedUse', label: 'Intended use', required: true, options: intendedUses },
  { name: 'rightsStatus', label: 'Rights status', required: true, options: rightsStatuses },
  { name: 'audience', label: 'Audience', options: ['internal', 'external'] },
  { name: 'regulated', label: 'Regulated communication', options: ['false', 'true'] },
];

/** The values a file is sent with: the batch's, with the file's own overrides on top (blank: the batch's). */
export const valuesFor = (batch: IntakeValues, overrides: IntakeValues): IntakeValues => {
  const merged: IntakeValues = {};
  const names = new Set([...Object.keys(batch), ...Object.keys(overrides)] as (keyof IntakeValues)[]);
  for (const name of names) {
    const value = overrides[name]?.trim() || batch[name]?.trim();
    if (value) merged[name] = value;
  }
  return merged;
};

export interface UploadRequest {
  file: File;
  values: IntakeValues;
  /** Keep an incomplete file as a quarantined asset instead of refusing it. */
  quarantine: boolean;
  onProgress: (fraction: number) => void;
  signal?: AbortSignal;
}

/** A refusal the server asked to retry later (503 TOO_MANY_UPLOADS): after `retryAfterSeconds`. */
export class RetryLater extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    readonly error: ApiError,
  ) {
    super(error.message);
  }
}

export function uploadFile({ file, values, quarantine, onProgress, signal }: UploadRequest): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(values)) if (value) form.append(name, value);
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/assets${quarantine ? '?quarantine=true' : ''}`);
    for (const [name, value] of Object.entries(writeHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as UploadAnswer);
        return;
      }
      const error = ApiError.from(xhr.status, body as ErrorBody | undefined);
      const retryAfter = Number(xhr.getResponseHeader('Retry-After'));
      if (xhr.status === 503 && error.code === 'TOO_MANY_UPLOADS')
        reject(new RetryLater(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 2, error));
      else reject(error);
    };
    xhr.onerror = () => reject(networkError(new Error('the upload did not reach the server')));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

export const humanSize = (bytes: number): string =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(0)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
