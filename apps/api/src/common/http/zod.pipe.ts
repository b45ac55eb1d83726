import { Body, Query, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** Validates with a zod schema; a ZodError becomes a 400 `request.invalid` in the filter. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}
  transform(value: unknown): z.infer<S> {
    return this.schema.parse(value ?? {});
  }
}

export const ZBody = (schema: z.ZodType) => Body(new ZodPipe(schema));
export const ZQuery = (schema: z.ZodType) => Query(new ZodPipe(schema));
