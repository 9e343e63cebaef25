/**
 * Awaits an action's failure and checks that what the scaffolder writes to
 * the task log for it (the error's `stack`) is its one message line.
 */
export async function oneLineFailure(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => {
      throw new Error('expected the action to fail');
    },
    (e: Error) => e,
  );
  expect(error.stack).toBe(error.message);
  expect(error.message).not.toContain('\n');
  return error.message;
}
