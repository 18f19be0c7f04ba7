import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/ingest/decode.js';
import { ImrError } from '../../src/pipeline/document.js';

describe('decodeText', () => {
  it('reads UTF-8 with and without a byte-order mark', () => {
    expect(decodeText(Buffer.from('\uFEFFCase Number: CM15-0123456', 'utf8'))).toBe('Case Number: CM15-0123456');
    expect(decodeText(Buffer.from('Spurling’s test', 'utf8'))).toBe('Spurling’s test');
  });

  it('reads UTF-16 little- and big-endian with a BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('pain 7/10', 'utf16le')]);
    expect(decodeText(le)).toBe('pain 7/10');
    const be = Buffer.from(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('pain 7/10', 'utf16le').swap16()]));
    expect(decodeText(be)).toBe('pain 7/10');
  });

  it('falls back to Latin-1 (Windows-1252) when the bytes are not UTF-8', () => {
    expect(decodeText(Buffer.from([0x4d, 0xe9, 0x6e, 0x69, 0x65, 0x72, 0x92, 0x73]))).toBe('Ménier’s');
  });

  it('refuses empty, blank and binary input with an unreadable error', () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from('  \n\t '), Buffer.from([0, 1, 2, 3, 0, 0, 5, 6, 65, 66])]) {
      expect(() => decodeText(bytes)).toThrow(ImrError);
      try {
        decodeText(bytes);
      } catch (e) {
        expect((e as ImrError).code).toBe('unreadable');
      }
    }
  });
});
