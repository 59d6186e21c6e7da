// Bytes of an ISMS file to the text the engine and editors see: strict UTF-8, BOM removed
// (VS Code hides it too, so positions agree), and the facts needed to write it back unchanged.

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface FileText {
  text: string;
  hasBom: boolean;
}

export class InvalidUtf8Error extends Error {}

export function decodeFileText(bytes: Uint8Array): FileText {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new InvalidUtf8Error('not valid UTF-8; the file is not read and no tool will edit it');
  }
  const hasBom = text.charCodeAt(0) === 0xfeff;
  return { text: hasBom ? text.slice(1) : text, hasBom };
}

export function encodeFileText({ text, hasBom }: FileText): Uint8Array {
  return new TextEncoder().encode(hasBom ? `\uFEFF${text}` : text);
}
