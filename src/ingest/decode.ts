/**
 * Decodes a text file's bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, and Latin-1
 * (Windows-1252) as the fallback for bytes that are not valid UTF-8. Refuses binary junk.
 */
import { ImrError } from '../pipeline/document.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeText(bytes: Uint8Array): string {
  if (bytes.byteLength === 0) throw new ImrError('unreadable', 'the file is empty');
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    try {
      text = utf8.decode(body);
    } catch {
      text = new TextDecoder('windows-1252').decode(body);
    }
  }
  if (looksBinary(text)) {
    throw new ImrError('unreadable', 'the file is neither a PDF nor text (it holds binary data)');
  }
  if (text.trim() === '') throw new ImrError('unreadable', 'the file holds only white space');
  return text;
}

/** More than 1 % control characters (other than tab, line breaks, form feed) means binary. */
function looksBinary(text: string): boolean {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 0xfffd) control++;
  }
  return control > sample.length * 0.01;
}
