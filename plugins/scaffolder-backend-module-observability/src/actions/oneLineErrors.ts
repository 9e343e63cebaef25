/**
 * Errors the person running the template caused and must correct: wrong
 * input, an entity that is not there, a permission they lack.
 */
const USER_ERROR_NAMES = new Set([
  'InputError',
  'NotFoundError',
  'NotAllowedError',
]);

/**
 * Runs an action's handler so that a user error fails the task with its one
 * message line. The scaffolder writes a failed step's `error.stack` into the
 * task log, and a stack of the action's internals buries the one line that
 * says which input to change; other errors keep their stack for whoever
 * debugs the action.
 */
export async function failingWithOneLine<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Error && USER_ERROR_NAMES.has(error.name)) {
      error.stack = error.message;
    }
    throw error;
  }
}
