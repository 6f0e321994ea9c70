/**
 * Clinical scales a side-effect note may carry, with their anchors so the form can show them
 * where the score is entered (clinical reference §2).
 */

export const SCALE_IDS = ['moaas', 'rass', 'cadss', 'cadss6', 'nrs'] as const;
export type ScaleId = (typeof SCALE_IDS)[number];

export interface ScaleAnchor {
  score: number;
  text: string;
}

export interface ScaleDefinition {
  id: ScaleId;
  name: string;
  min: number;
  max: number;
  /** Whether a higher score is worse (false for MOAA/S, where 0 is unresponsive). */
  higherIsWorse: boolean;
  anchors: readonly ScaleAnchor[];
}

export const SCALES: Readonly<Record<ScaleId, ScaleDefinition>> = {
  moaas: {
    id: 'moaas',
    name: 'MOAA/S',
    min: 0,
    max: 5,
    higherIsWorse: false,
    anchors: [
      { score: 5, text: 'Responds readily to name spoken in normal tone (alert)' },
      { score: 4, text: 'Lethargic response to name spoken in normal tone' },
      { score: 3, text: 'Responds only after name is called loudly and/or repeatedly' },
      { score: 2, text: 'Responds only after mild prodding or shaking' },
      { score: 1, text: 'Responds only after painful trapezius squeeze' },
      { score: 0, text: 'Does not respond to painful trapezius squeeze' },
    ],
  },
  rass: {
    id: 'rass',
    name: 'RASS',
    min: -5,
    max: 4,
    higherIsWorse: false,
    anchors: [
      { score: 4, text: 'Combative: overtly combative or violent' },
      { score: 3, text: 'Very agitated: pulls at lines, aggressive' },
      { score: 2, text: 'Agitated: frequent non-purposeful movement' },
      { score: 1, text: 'Restless: anxious, movements not vigorous' },
      { score: 0, text: 'Alert and calm' },
      { score: -1, text: 'Drowsy: sustained awakening (>10 s) to voice' },
      { score: -2, text: 'Light sedation: brief awakening (<10 s) to voice' },
      { score: -3, text: 'Moderate sedation: movement to voice, no eye contact' },
      { score: -4, text: 'Deep sedation: no response to voice, moves to touch' },
      { score: -5, text: 'Unarousable' },
    ],
  },
  cadss: {
    id: 'cadss',
    name: 'CADSS (23 items, 0–92)',
    min: 0,
    max: 92,
    higherIsWorse: true,
    anchors: [
      { score: 0, text: 'No dissociation' },
      { score: 4, text: 'Above 4 counts as dissociation (esketamine label)' },
      { score: 92, text: 'Every item severe' },
    ],
  },
  cadss6: {
    id: 'cadss6',
    name: 'CADSS-6 (0–24)',
    min: 0,
    max: 24,
    higherIsWorse: true,
    anchors: [
      { score: 0, text: 'No dissociation' },
      { score: 24, text: 'Every item severe' },
    ],
  },
  nrs: {
    id: 'nrs',
    name: 'Numeric rating 0–10',
    min: 0,
    max: 10,
    higherIsWorse: true,
    anchors: [
      { score: 0, text: 'None' },
      { score: 1, text: '1–3 mild' },
      { score: 4, text: '4–6 moderate (nausea ≥4: consider an antiemetic)' },
      { score: 7, text: '7–10 severe' },
    ],
  },
};

export function isScoreOnScale(scale: ScaleId, score: number): boolean {
  const definition = SCALES[scale];
  return Number.isInteger(score) && score >= definition.min && score <= definition.max;
}
