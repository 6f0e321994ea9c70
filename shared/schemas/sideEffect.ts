import { z } from 'zod';
import { SEVERITIES, SIDE_EFFECTS, SIDE_EFFECT_KINDS, type Severity, type SideEffectKind } from '../sideEffects/catalogue.ts';
import { SCALES, SCALE_IDS, type ScaleId, isScoreOnScale } from '../sideEffects/scales.ts';
import { idSchema, noteSchema, reasonSchema, zonedDateTimeSchema } from './common.ts';
import type { RecordStatus } from './observation.ts';

export const sideEffectInputSchema = z
  .object({
    id: idSchema,
    sessionId: idSchema,
    kind: z.enum(SIDE_EFFECT_KINDS),
    severity: z.enum(SEVERITIES),
    scale: z.enum(SCALE_IDS).optional(),
    score: z.number().finite().optional(),
    note: noteSchema.optional(),
    observedAt: zonedDateTimeSchema,
  })
  .superRefine((input, ctx) => {
    if ((input.scale === undefined) !== (input.score === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [input.scale === undefined ? 'scale' : 'score'],
        params: { code: 'scale_and_score_together' },
        message: 'a scale and its score go together',
      });
      return;
    }
    if (input.scale !== undefined && input.score !== undefined) {
      if (!SIDE_EFFECTS[input.kind].scales.includes(input.scale)) {
        ctx.addIssue({
          code: 'custom',
          path: ['scale'],
          params: { code: 'scale_not_for_kind' },
          message: `${SCALES[input.scale].name} is not a scale for ${SIDE_EFFECTS[input.kind].label.toLowerCase()}`,
        });
      } else if (!isScoreOnScale(input.scale, input.score)) {
        const scale = SCALES[input.scale];
        ctx.addIssue({
          code: 'custom',
          path: ['score'],
          params: { code: 'out_of_scale' },
          message: `${scale.name} is a whole number from ${scale.min} to ${scale.max}`,
        });
      }
    }
    if (input.kind === 'other' && !input.note) {
      ctx.addIssue({
        code: 'custom',
        path: ['note'],
        params: { code: 'required' },
        message: 'describe the side effect',
      });
    }
  });
export type SideEffectInput = z.input<typeof sideEffectInputSchema>;
export type ParsedSideEffectInput = z.output<typeof sideEffectInputSchema>;

export const sideEffectAmendmentSchema = z.object({
  id: idSchema,
  reason: reasonSchema,
  severity: z.enum(SEVERITIES).optional(),
  scale: z.enum(SCALE_IDS).optional(),
  score: z.number().finite().optional(),
  note: noteSchema.optional(),
});

export interface SideEffectNote {
  id: string;
  sessionId: string;
  kind: SideEffectKind;
  severity: Severity;
  scale: ScaleId | null;
  score: number | null;
  note: string | null;
  observedAt: string;
  observedOffsetMinutes: number;
  recordedAt: string;
  recordedBy: string;
  recordedByName: string;
  status: RecordStatus;
  amendsId: string | null;
  supersededById: string | null;
  statusReason: string | null;
}

export const sideEffectBatchSchema = z.object({
  sideEffects: z.array(z.unknown()).min(1, 'send at least one note').max(1000),
});
