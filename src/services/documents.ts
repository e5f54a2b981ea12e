import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import type { Queryable } from '../db/client.ts';
import { documents } from '../db/schema/index.ts';
import { invalid, Problem, unprocessable } from '../server/problem.ts';
import {
  type AllowedMediaType,
  allowedMediaTypes,
  type DocumentKind,
  type DocumentRow,
} from '../server/schemas/documents.ts';
import { sha256 } from './tokens.ts';

/** Pixel-flood guard: an image above this many pixels is refused before anyone decodes it. */
export const MAX_IMAGE_PIXELS = 100_000_000;
const MAX_FILE_NAME_CHARS = 200;

const extensions: Record<AllowedMediaType, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
};
/** image-size's names for the raster types we accept. */
const imageSizeType: Partial<Record<AllowedMediaType, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

const unsupported = (detail: string) =>
  new Problem(415, 'Unsupported media type', detail, [
    { field: 'file', message: 'must be a PDF, JPEG, PNG or WebP file' },
  ]);

const isAllowed = (mime: string): mime is AllowedMediaType => (allowedMediaTypes as readonly string[]).includes(mime);

export interface InspectedUpload {
  mediaType: AllowedMediaType;
  sha256: string;
  sizeBytes: number;
}

/**
 * SPEC §5: decides the type from the bytes alone (the name and the declared type can lie), and for
 * images reads only the header dimensions, so a decompression bomb is refused without decoding it.
 */
export async function inspectUpload(bytes: Buffer): Promise<InspectedUpload> {
  if (bytes.length === 0) throw invalid('file', 'is empty');
  const detected = await fileTypeFromBuffer(bytes);
  if (!detected || !isAllowed(detected.mime)) {
    throw unsupported(
      detected
        ? `The file's content is ${detected.mime}; only PDF, JPEG, PNG and WebP are accepted.`
        : 'The file’s content is not a recognised PDF, JPEG, PNG or WebP file.',
    );
  }
  const expectedImage = imageSizeType[detected.mime];
  if (expectedImage) {
    let size: { width: number; height: number; type?: string | undefined };
    try {
      size = imageSize(bytes);
    } catch {
      throw unsupported(`The image header cannot be read as ${detected.mime}.`);
    }
    if (size.type !== expectedImage || !(size.width > 0) || !(size.height > 0)) {
      throw unsupported(`The image header cannot be read as ${detected.mime}.`);
    }
    if (size.width * size.height > MAX_IMAGE_PIXELS) {
      throw unprocessable(
        `The image is ${size.width}×${size.height} pixels; at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels are accepted.`,
        [{ field: 'file', message: 'has too many pixels' }],
      );
    }
  }
  return { mediaType: detected.mime, sha256: sha256(bytes), sizeBytes: bytes.length };
}

/**
 * The uploader's name, made safe to echo in Content-Disposition: no directories, no control or
 * bidirectional-override characters (the "gpj.exe" trick), no characters Windows refuses, bounded
 * length, and an extension that matches the detected content.
 */
export function sanitiseFileName(raw: string | undefined, mediaType: AllowedMediaType): string {
  const base = (raw ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  let name = base
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const allowed = extensions[mediaType];
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const suffix = allowed.includes(ext) ? name.slice(dot) : `.${allowed[0]}`;
  let stem = allowed.includes(ext) ? name.slice(0, dot) : name;
  if (stem === '') stem = 'document';
  const room = MAX_FILE_NAME_CHARS - suffix.length;
  const chars = Array.from(stem);
  if (chars.length > room) stem = chars.slice(0, room).join('').trimEnd();
  name = `${stem}${suffix}`;
  return name;
}

export interface NewDocument {
  ownerId: string;
  kind: DocumentKind;
  fileName: string;
  doNotForward: boolean;
  inspected: InspectedUpload;
  storageKey: string;
  createdAt: Date;
}

export async function insertDocument(db: Queryable, input: NewDocument): Promise<DocumentRow> {
  const [row] = await db
    .insert(documents)
    .values({
      ownerId: input.ownerId,
      kind: input.kind,
      fileName: input.fileName,
      mediaType: input.inspected.mediaType,
      sizeBytes: input.inspected.sizeBytes,
      sha256: input.inspected.sha256,
      storageKey: input.storageKey,
      doNotForward: input.doNotForward,
      createdAt: input.createdAt,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}
