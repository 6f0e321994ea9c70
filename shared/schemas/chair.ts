import { z } from 'zod';
import { idSchema } from './common.ts';

export const chairInputSchema = z.object({
  id: idSchema,
  label: z.string().trim().min(1, 'required').max(40),
  room: z.string().trim().max(80).default(''),
});
export type ChairInput = z.input<typeof chairInputSchema>;

export interface Chair {
  id: string;
  label: string;
  room: string;
}
