// Turning whatever a failed call rejected with into something the UI can show. Runs in the renderer.
import { z } from 'zod';
import { toAppError } from '../../../shared/contract/errors';

/** The api rejects with AppError already; this also covers bugs that throw something else (defined in the contract). */
export { toAppError };

// [Note: field messages] The rpc server answers bad input with INVALID_INPUT whose message names the method
// ("Invalid input for settings.update: ollamaUrl: …") and whose details list each issue with its path. Next to a
// field we show the schema's own words for that field, which the contract writes for people.
const IssuesSchema = z.object({ issues: z.array(z.object({ path: z.array(z.string()), message: z.string() })) });

/** The message to show next to one input field: the schema's words for that field, else the error's message. */
export function fieldErrorMessage(error: unknown, field: string): string {
  const appError = toAppError(error);
  if (appError.code === 'INVALID_INPUT') {
    const parsed = IssuesSchema.safeParse(appError.details);
    const issue = parsed.success ? parsed.data.issues.find((i) => i.path[0] === field) : undefined;
    if (issue) return issue.message;
  }
  return appError.message;
}
