/** TIFF/EXIF tag ids the engine reads (exif-reader.ts) and writes (../writers/exif-usercomment.ts). */
export const EXIF_TAGS = {
  imageDescription: 0x010e,
  make: 0x010f,
  model: 0x0110,
  software: 0x0131,
  artist: 0x013b,
  copyright: 0x8298,
  /** Pointer from IFD0 to the Exif IFD. */
  exifIfdPointer: 0x8769,
  dateTimeOriginal: 0x9003,
  userComment: 0x9286,
  makerNote: 0x927c,
  /** Windows Explorer's UTF-16LE tags (XPTitle…XPSubject), which some generators fill. */
  xpTitle: 0x9c9b,
  xpComment: 0x9c9c,
  xpAuthor: 0x9c9d,
  xpKeywords: 0x9c9e,
  xpSubject: 0x9c9f,
  imageUniqueId: 0xa420,
} as const;
