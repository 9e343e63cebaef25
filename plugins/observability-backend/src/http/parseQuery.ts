import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

/** Validates query parameters, answering 400 with every problem named. */
export function parseQuery<T extends z.ZodTypeAny>(
  schema: T,
  query: unknown,
): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      i => `'${i.path.join('.')}' ${i.message.toLowerCase()}`,
    );
    throw new InputError(`Invalid query parameters: ${problems.join('; ')}`);
  }
  return parsed.data;
}
