/**
 * Detect: which program and layout the letter is, from the signals of each known layout
 * (rules/layouts.json), first match in rule order. Anything else is not a determination.
 */
import { ImrError, type Doc } from '../pipeline/document.js';
import type { Stage } from '../pipeline/stage.js';
import { LAYOUTS, type LayoutRule } from './layouts.js';

export function detectLayout(text: string): LayoutRule | null {
  const lines = text.split('\n');
  for (const layout of LAYOUTS) {
    const hits = layout.signals.filter((re) => lines.some((line) => line.length < 300 && re.test(line))).length;
    if (hits >= layout.required) return layout;
  }
  return null;
}

export const detectStage: Stage = {
  name: 'detect',
  requires: ['text'],
  provides: ['layout'],
  run(doc: Doc) {
    const layout = detectLayout(doc.text);
    if (!layout) {
      throw new ImrError(
        'not-a-determination',
        'this is not an IMR determination letter: none of the known layouts (dwc-imr/standard, maximus-letter, professional-review) was recognised, e.g. no "HOW THE IMR FINAL DETERMINATION WAS MADE" or "IMR ISSUES, DECISIONS AND RATIONALES" heading',
      );
    }
    doc.program = layout.program;
    doc.layout = layout.id;
  },
};
