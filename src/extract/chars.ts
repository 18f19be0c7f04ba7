/**
 * Character tests on char codes, for the scanners that run over every character of the
 * clinical text, where a regular expression per character costs far more than the scan itself.
 * A position outside the text gives NaN, which every test here answers false.
 */

/** JavaScript's \s. */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029
    || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
export const isUpper = (c: number) => c >= 65 && c <= 90;
export const isLower = (c: number) => c >= 97 && c <= 122;
export const isDigit = (c: number) => c >= 48 && c <= 57;
/** [A-Za-z] */
export const isLetter = (c: number) => isUpper(c) || isLower(c);
