/*
 * Shared check for the *-bad-input tests: the message of the error a bad input throws.
 */

/** Runs `build` and expects it to throw an error with exactly `message`. */
export function expectThrowsMessage(build: () => unknown, message: string): void {
  let error: Error | undefined;
  try {
    build();
  } catch (e) {
    error = e as Error;
  }
  expect(error?.message).toBe(message);
}
