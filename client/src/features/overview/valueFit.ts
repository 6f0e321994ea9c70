import type { CSSProperties } from 'react';

/**
 * How wide a ward tile's value and unit are, in ems of their own font, so CSS can shrink a long
 * value (a blood pressure of 195/115) until the unit still fits beside it. Measuring in the page
 * would force a layout for every streamed reading on a wall of cards; these widths are taken from
 * the widest fallback font the clinic's screens may use (DejaVu Sans Bold: tabular digits about
 * 0.68 em), so any narrower font only leaves a little room spare.
 */
const NARROW = new Set(['/', '.', ',', ':', ' ']);
const DIGIT_EM = 0.68;
const NARROW_EM = 0.36;

/** The value as drawn (tabular digits, tight letter spacing included). */
export function valueEm(text: string): number {
  let em = 0;
  for (const char of text) em += NARROW.has(char) ? NARROW_EM : DIGIT_EM;
  return Math.max(em, DIGIT_EM);
}

const UNIT_CHAR_EM: Readonly<Record<string, number>> = { m: 1.0, M: 0.9, H: 0.8, '%': 1.0, '°': 0.5, C: 0.74, '/': 0.36, i: 0.3, l: 0.3 };

/** The unit as drawn (semi-bold); 0 when there is none. */
export function unitEm(unit: string): number {
  let em = 0;
  for (const char of unit) em += UNIT_CHAR_EM[char] ?? 0.66;
  return em * 1.06;
}

/** The custom properties `.card-vital__number` sizes itself with. */
export function valueFitStyle(value: string, unit: string): CSSProperties {
  return { '--value-em': valueEm(value).toFixed(2), '--unit-em': unitEm(unit).toFixed(2) } as CSSProperties;
}
