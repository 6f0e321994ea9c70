import { z } from 'zod';
import { WEIGHT_KG } from '../session/protocol.ts';
import { idSchema } from './common.ts';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .refine((text) => !Number.isNaN(Date.parse(text)), 'must be a real date')
  .refine((text) => text <= new Date().toISOString().slice(0, 10), 'cannot be in the future');

export const patientInputSchema = z.object({
  id: idSchema,
  mrn: z.string().trim().min(1, 'required').max(64),
  name: z.string().trim().min(1, 'required').max(200),
  dateOfBirth: isoDate,
  weightKg: z
    .number()
    .min(WEIGHT_KG.low, `must be at least ${WEIGHT_KG.low} kg`)
    .max(WEIGHT_KG.high, `must be at most ${WEIGHT_KG.high} kg`),
  allergies: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
});
export type PatientInput = z.input<typeof patientInputSchema>;

export interface Patient {
  id: string;
  mrn: string;
  name: string;
  dateOfBirth: string;
  weightKg: number;
  allergies: string[];
  createdAt: string;
}
